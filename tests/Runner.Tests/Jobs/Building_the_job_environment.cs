using WvsMesh.Runner.Api;
using WvsMesh.Runner.Jobs;
using Xunit;

namespace WvsMesh.Runner.Tests.Jobs;

/// <summary>
/// A job's environment: an allow-list of the runner's own, then GitLab's predefined variables, then the job's, then the
/// folders; none of the runner's other variables (its token, its host's secrets).
/// </summary>
public sealed class Building_the_job_environment
{
    private static readonly Dictionary<string, string> RunnerEnvironment = new()
    {
        ["PATH"] = "/usr/bin:/bin",
        ["HOME"] = "/home/runner",
        ["LANG"] = "C.UTF-8",
        ["SSL_CERT_FILE"] = "/etc/ssl/certs/ca-certificates.crt",
        ["WVS_RUNNER_TOKEN"] = "glrt-runner-secret",
        ["WVS_ROOT_TOKEN"] = "root-token-secret",
        ["WVS_IDENTITY_KEY"] = "identity-key-secret",
        ["WVS_ENCRYPTION_KEY"] = "encryption-key-secret",
        ["ConnectionStrings__tokens"] = "Host=db;Password=db-secret",
        ["RabbitMq__Host"] = "amqp://wvs:bus-secret@rabbitmq/",
        ["AWS_SECRET_ACCESS_KEY"] = "cloud-secret",
        ["FOO"] = "anything-else",
    };

    private static readonly JobPayload Job = new()
    {
        Id = 42,
        Token = "job-token",
        JobInfo = new JobInfo { Id = 42, Name = "build", Stage = "test", ProjectId = 7, ProjectName = "flight" },
        GitInfo = new GitInfo { Ref = "main", Sha = "0123456789abcdef0123456789abcdef01234567" },
        Variables =
        [
            new JobVariable { Key = "LANG", Value = "de_DE.UTF-8" },
            new JobVariable { Key = "MY_SECRET", Value = "hunter2", Masked = true },
            new JobVariable { Key = "TRIGGER_PAYLOAD", Value = """{"ref":"main"}""", File = true },
            new JobVariable { Key = "CI_PROJECT_DIR", Value = "/somewhere/else" },
            new JobVariable { Key = "BAD=KEY", Value = "x" },
            new JobVariable { Key = "", Value = "x" },
        ],
    };

    private readonly Dictionary<string, string> _files = [];

    private Dictionary<string, string> Build() =>
        JobEnvironment.Build(RunnerEnvironment, Job, "/builds/42-ab", "/builds", (key, value) =>
        {
            _files[key] = value;
            return "/builds/42-ab.tmp/variables/" + key;
        });

    [Fact]
    public void The_allow_listed_variables_of_the_runner_are_kept()
    {
        var environment = Build();

        Assert.Equal("/usr/bin:/bin", environment["PATH"]);
        Assert.Equal("/home/runner", environment["HOME"]);
        Assert.Equal("/etc/ssl/certs/ca-certificates.crt", environment["SSL_CERT_FILE"]);
        Assert.False(environment.ContainsKey("SSL_CERT_DIR"), "an allow-listed variable the runner lacks is not invented");
    }

    [Theory]
    [InlineData("WVS_RUNNER_TOKEN")]
    [InlineData("WVS_ROOT_TOKEN")]
    [InlineData("WVS_IDENTITY_KEY")]
    [InlineData("WVS_ENCRYPTION_KEY")]
    [InlineData("ConnectionStrings__tokens")]
    [InlineData("RabbitMq__Host")]
    [InlineData("AWS_SECRET_ACCESS_KEY")]
    [InlineData("FOO")]
    public void No_other_variable_of_the_runner_reaches_the_job(string name) // #13
    {
        var environment = Build();

        Assert.False(environment.ContainsKey(name));
        Assert.DoesNotContain(RunnerEnvironment[name], environment.Values);
    }

    [Fact]
    public void Job_variables_override_the_runners_environment()
    {
        var environment = Build();

        Assert.Equal("de_DE.UTF-8", environment["LANG"]);
        Assert.Equal("hunter2", environment["MY_SECRET"]);
    }

    [Fact]
    public void A_file_variable_is_exported_as_the_path_of_a_file_holding_its_value()
    {
        var environment = Build();

        Assert.Equal("/builds/42-ab.tmp/variables/TRIGGER_PAYLOAD", environment["TRIGGER_PAYLOAD"]);
        Assert.Equal("""{"ref":"main"}""", _files["TRIGGER_PAYLOAD"]);
        Assert.Single(_files);
    }

    [Fact]
    public void The_project_and_builds_folders_are_the_runners_to_say()
    {
        var environment = Build();

        Assert.Equal("/builds/42-ab", environment["CI_PROJECT_DIR"]);
        Assert.Equal("/builds", environment["CI_BUILDS_DIR"]);
    }

    [Fact]
    public void Predefined_variables_describe_the_job()
    {
        var environment = Build();

        Assert.Equal("true", environment["CI"]);
        Assert.Equal("42", environment["CI_JOB_ID"]);
        Assert.Equal("build", environment["CI_JOB_NAME"]);
        Assert.Equal("7", environment["CI_PROJECT_ID"]);
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", environment["CI_COMMIT_SHA"]);
        Assert.Equal("main", environment["CI_COMMIT_REF_NAME"]);
    }

    [Fact]
    public void Variables_that_cannot_be_environment_variables_are_skipped()
    {
        var environment = Build();

        Assert.DoesNotContain(environment.Keys, key => key.Contains('=', StringComparison.Ordinal) || key.Length == 0);
    }
}
