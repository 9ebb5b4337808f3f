using WvsMesh.Runner.Api;
using WvsMesh.Runner.Jobs;
using Xunit;

namespace WvsMesh.Runner.Tests.Jobs;

/// <summary>A job's environment: the runner's own, then GitLab's predefined variables, then the job's, then the folders.</summary>
public sealed class Building_the_job_environment
{
    private static readonly Dictionary<string, string> RunnerEnvironment = new()
    {
        ["PATH"] = "/usr/bin:/bin",
        ["HOME"] = "/home/runner",
        ["WVS_RUNNER_TOKEN"] = "glrt-runner-secret",
        ["SHARED"] = "from the runner",
    };

    private static readonly JobPayload Job = new()
    {
        Id = 42,
        Token = "job-token",
        JobInfo = new JobInfo { Id = 42, Name = "build", Stage = "test", ProjectId = 7, ProjectName = "flight" },
        GitInfo = new GitInfo { Ref = "main", Sha = "0123456789abcdef0123456789abcdef01234567" },
        Variables =
        [
            new JobVariable { Key = "SHARED", Value = "from the job" },
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
    public void The_runners_own_environment_is_kept_without_its_token()
    {
        var environment = Build();

        Assert.Equal("/usr/bin:/bin", environment["PATH"]);
        Assert.Equal("/home/runner", environment["HOME"]);
        Assert.False(environment.ContainsKey("WVS_RUNNER_TOKEN"));
        Assert.DoesNotContain("glrt-runner-secret", environment.Values);
    }

    [Fact]
    public void Job_variables_override_the_runners_environment()
    {
        var environment = Build();

        Assert.Equal("from the job", environment["SHARED"]);
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
