using System.Text.Json.Nodes;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.Runner.Tests;

/// <summary>The runner program, in-process, against a real HTTP server and a real git repository, running real bash.</summary>
public sealed class Running_jobs_from_a_server : IAsyncLifetime
{
    private const string Secret = "hunter2-very-secret";
    private const string Payload = """{"ref":"main","variables":{"DEPLOY":"yes"}}""";

    private readonly string _builds = Path.Combine(Path.GetTempPath(), "wvs-runner-tests-" + Guid.NewGuid().ToString("N"));
    private readonly CapturedOutput _output = new();
    private readonly CapturedOutput _error = new();
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
    private GitRepository _repository = null!; // Set in InitializeAsync, before any test runs.
    private FakeRunnerServer _server = null!; // Likewise.
    private Task<int> _runner = Task.FromResult(0);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _repository = GitRepository.Create();
        _repository.Commit("README.md", "checked out\n", "second");
        _server = await FakeRunnerServer.StartAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        // A failed test leaves the runner running; it must be done with the builds folder before that goes.
        await Task.WhenAny(_runner, Task.Delay(TimeSpan.FromSeconds(60), CancellationToken.None));
        await _server.DisposeAsync();
        _repository.Dispose();
        _stop.Dispose();
        if (Directory.Exists(_builds))
        {
            Directory.Delete(_builds, recursive: true);
        }
    }

    [Fact]
    public async Task Jobs_run_in_a_checkout_with_masked_logs_and_report_their_states()
    {
        var sha = _repository.Head();
        _server.Enqueue(Job(101, sha,
            ["echo hello", "cat \"$TRIGGER_PAYLOAD\"", "echo \"secret is $MY_SECRET\"", "echo \"job token is $CI_JOB_TOKEN\"",
                "git rev-parse HEAD", "cat README.md",
                "case \"$TRIGGER_PAYLOAD\" in \"$CI_PROJECT_DIR\"/*) echo payload inside checkout;; *) echo payload outside checkout;; esac",
                "stat -c 'payload mode %a' \"$TRIGGER_PAYLOAD\"", "grep -rl \"hunter$((1+1))\" \"$CI_PROJECT_DIR/..\" || echo no file holds the secret"],
            variables:
            [
                Variable("TRIGGER_PAYLOAD", Payload, file: true),
                Variable("MY_SECRET", Secret, masked: true),
                Variable("CI_JOB_TOKEN", "job-token-101"),
            ]));
        _server.Enqueue(Job(102, sha, ["echo before", "exit 3", "echo never"]));
        _server.Enqueue(Job(103, sha, ["echo main part"], afterScript: ["echo cleaning up", "exit 5"]));

        var runner = StartRunner();
        await _server.WaitUntilFinishedAsync([101, 102, 103], TimeSpan.FromSeconds(60), Ct);
        await _stop.CancelAsync();

        Assert.Equal(0, await runner);
        Assert.Empty(_server.Violations);

        var hello = _server.Job(101);
        Assert.Equal(["running", "success"], hello.States);
        Assert.Null(hello.FailureReason);
        Assert.Null(hello.ExitCode);
        Assert.Equal(hello.Trace, hello.TraceAtFinish);
        Assert.Contains("Running with wvs-runner", hello.Trace, StringComparison.Ordinal);
        Assert.Contains("Getting source from Git repository", hello.Trace, StringComparison.Ordinal);
        Assert.Contains("Executing \"step_script\" stage of the job script", hello.Trace, StringComparison.Ordinal);
        AssertInOrder(hello.Trace,
            "$ echo hello\nhello\n",
            $"$ cat \"$TRIGGER_PAYLOAD\"\n{Payload}",
            "$ echo \"secret is $MY_SECRET\"\nsecret is [MASKED]\n",
            "$ echo \"job token is $CI_JOB_TOKEN\"\njob token is [MASKED]\n",
            $"$ git rev-parse HEAD\n{sha}\n",
            "checked out\n",
            "payload outside checkout\n",
            "payload mode 600\n",
            "no file holds the secret\n",
            "Job succeeded\n");
        Assert.DoesNotContain(Secret, hello.Trace, StringComparison.Ordinal);
        Assert.DoesNotContain("job-token-101", hello.Trace, StringComparison.Ordinal);

        var failing = _server.Job(102);
        Assert.Equal(["running", "failed"], failing.States);
        Assert.Equal("script_failure", failing.FailureReason);
        Assert.Equal(3, failing.ExitCode);
        AssertInOrder(failing.Trace, "$ echo before\nbefore\n", "$ exit 3\n", "ERROR: Job failed: exit code 3\n");
        Assert.DoesNotContain("never", failing.Trace, StringComparison.Ordinal);

        var cleaning = _server.Job(103);
        Assert.Equal(["running", "success"], cleaning.States);
        AssertInOrder(cleaning.Trace,
            "$ echo main part\nmain part\n",
            "Running after_script\n",
            "$ echo cleaning up\ncleaning up\n",
            "WARNING: after_script failed, but job will continue unaffected: exit code 5\n",
            "Job succeeded\n");

        Assert.Empty(Directory.GetFileSystemEntries(_builds));
        var console = _output.ToString();
        Assert.Contains("job 101 (project 7) success", console, StringComparison.Ordinal);
        Assert.Contains("job 102 (project 7) failed (script_failure, exit code 3)", console, StringComparison.Ordinal);
        Assert.Contains("job 103 (project 7) success", console, StringComparison.Ordinal);
        foreach (var secret in new[] { Secret, "job-token-101", FakeRunnerServer.RunnerToken, "hello", "DEPLOY" })
        {
            Assert.DoesNotContain(secret, console, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_job_past_its_timeout_is_killed_and_fails_with_job_execution_timeout()
    {
        _server.Enqueue(Job(201, _repository.Head(), ["echo started", "sleep 120", "echo too late"], timeout: 3, afterScript: ["echo after timeout"]));

        var runner = StartRunner();
        var started = DateTime.UtcNow;
        await _server.WaitUntilFinishedAsync([201], TimeSpan.FromSeconds(60), Ct);
        await _stop.CancelAsync();

        Assert.Equal(0, await runner);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "the sleep was not killed");
        var job = _server.Job(201);
        Assert.Equal("failed", job.FinalState);
        Assert.Equal("job_execution_timeout", job.FailureReason);
        Assert.Null(job.ExitCode);
        AssertInOrder(job.Trace, "started\n", "after timeout\n", "ERROR: Job failed: execution took longer than 3 seconds\n");
        Assert.DoesNotContain("too late\n", job.Trace, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_builds));
    }

    [Fact]
    public async Task Stopping_the_runner_kills_running_jobs_and_fails_them_as_runner_system_failure()
    {
        _server.Enqueue(Job(301, _repository.Head(), ["echo started", "sleep 120"]));

        var runner = StartRunner();
        await _server.WaitForTraceAsync(301, "started\n", TimeSpan.FromSeconds(60), Ct);
        await _stop.CancelAsync();

        Assert.Equal(0, await runner.WaitAsync(TimeSpan.FromSeconds(30), Ct));
        var job = _server.Job(301);
        Assert.Equal(["running", "failed"], job.States);
        Assert.Equal("runner_system_failure", job.FailureReason);
        Assert.EndsWith("ERROR: Job failed (system failure): aborted: the runner is stopping\n", job.Trace, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_builds));
        Assert.Empty(_server.Violations);
    }

    [Fact]
    public async Task A_trace_chunk_the_server_lost_is_sent_again_from_where_the_server_stands()
    {
        _server.ForgetFirstChunk[401] = true;
        _server.Enqueue(Job(401, _repository.Head(), ["echo one", "echo two"]));

        var runner = StartRunner();
        await _server.WaitUntilFinishedAsync([401], TimeSpan.FromSeconds(60), Ct);
        await _stop.CancelAsync();

        Assert.Equal(0, await runner);
        var job = _server.Job(401);
        Assert.False(_server.ForgetFirstChunk.ContainsKey(401), "the server never refused a chunk");
        Assert.StartsWith("Running with wvs-runner", job.Trace, StringComparison.Ordinal);
        AssertInOrder(job.Trace, "$ echo one\none\n", "$ echo two\ntwo\n", "Job succeeded\n");
        Assert.Empty(_server.Violations);
    }

    [Fact]
    public async Task A_refused_runner_token_is_reported_without_printing_it()
    {
        const string wrongToken = "glrt-not-the-right-one";
        var runner = StartRunner(token: wrongToken);
        await Eventually.UntilAsync(() => _output.ToString(), output => output.Contains("refused the runner token", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50), Ct);
        await _stop.CancelAsync();

        Assert.Equal(0, await runner.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Contains("ERROR: the server refused the runner token (403 Forbidden); asking again in 10 s", _output.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, _server.JobRequests);
        Assert.DoesNotContain(wrongToken, _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_jobs_environment_holds_none_of_the_runner_processs_own_variables() // #13
    {
        var secrets = new Dictionary<string, string>
        {
            ["WVS_ROOT_TOKEN"] = "root-token-" + Guid.NewGuid().ToString("N"),
            ["WVS_IDENTITY_KEY"] = "identity-key-" + Guid.NewGuid().ToString("N"),
            ["WVS_ENCRYPTION_KEY"] = "encryption-key-" + Guid.NewGuid().ToString("N"),
            ["ConnectionStrings__x"] = "Host=db;Password=" + Guid.NewGuid().ToString("N"),
            ["FOO"] = "foo-" + Guid.NewGuid().ToString("N"),
        };
        _server.Enqueue(Job(501, _repository.Head(), ["env"], variables: [Variable("MY_CI_VARIABLE", "given-to-the-job")]));

        await using (var runner = StartRunnerProcess(secrets))
        {
            await _server.WaitUntilFinishedAsync([501], TimeSpan.FromSeconds(60), Ct);
        }

        var job = _server.Job(501);
        Assert.Equal(["running", "success"], job.States);
        Assert.Contains("\nMY_CI_VARIABLE=given-to-the-job\n", job.Trace, StringComparison.Ordinal);
        Assert.Contains("\nCI_JOB_ID=501\n", job.Trace, StringComparison.Ordinal);
        Assert.Contains("\nCI_PROJECT_ID=7\n", job.Trace, StringComparison.Ordinal);
        Assert.Contains("\nPATH=", job.Trace, StringComparison.Ordinal);
        foreach (var (name, value) in secrets)
        {
            Assert.DoesNotContain(name + "=", job.Trace, StringComparison.Ordinal);
            Assert.DoesNotContain(value, job.Trace, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("WVS_RUNNER_", job.Trace, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeRunnerServer.RunnerToken, job.Trace, StringComparison.Ordinal);
        Assert.Empty(_server.Violations);
    }

    /// <summary>The runner program as its own process, with <paramref name="environment"/> added to this one's.</summary>
    private HostProcess StartRunnerProcess(IReadOnlyDictionary<string, string> environment)
    {
        var dll = RepositoryRoot.Binary(Path.Combine("services", "Runner", "Runner"), "WvsMesh.Runner");
        var withToken = new Dictionary<string, string>(environment) { ["WVS_RUNNER_TOKEN"] = FakeRunnerServer.RunnerToken };
        return HostProcess.StartDll("runner", dll, ["--url", _server.Url.ToString(), "--builds-dir", _builds], withToken);
    }

    private Task<int> StartRunner(string token = FakeRunnerServer.RunnerToken) =>
        _runner = Task.Run(() => RunnerProgram.RunAsync(
            ["--url", _server.Url.ToString(), "--token", token, "--builds-dir", _builds, "--concurrency", "2"],
            new Dictionary<string, string>(),
            _output,
            _error,
            _stop.Token));

    private JsonObject Job(long id, string sha, string[] script, string[]? afterScript = null, int timeout = 60, JsonObject[]? variables = null)
    {
        var steps = new JsonArray
        {
            new JsonObject { ["name"] = "script", ["script"] = Strings(script), ["timeout"] = timeout, ["when"] = "on_success", ["allow_failure"] = false },
        };
        if (afterScript is not null)
        {
            steps.Add(new JsonObject { ["name"] = "after_script", ["script"] = Strings(afterScript), ["timeout"] = timeout, ["when"] = "always", ["allow_failure"] = true });
        }
        return new JsonObject
        {
            ["id"] = id,
            ["token"] = $"job-token-{id}",
            ["allow_git_fetch"] = true, // unknown to the runner; ignored
            ["job_info"] = new JsonObject { ["id"] = id, ["name"] = "build", ["stage"] = "test", ["project_id"] = 7, ["project_name"] = "flight" },
            ["git_info"] = new JsonObject
            {
                ["repo_url"] = _repository.Path,
                ["ref"] = "main",
                ["sha"] = sha,
                ["before_sha"] = new string('0', 40),
                ["ref_type"] = "branch",
            },
            ["runner_info"] = new JsonObject { ["timeout"] = timeout },
            ["variables"] = new JsonArray([.. variables ?? []]),
            ["steps"] = steps,
        };
    }

    private static JsonObject Variable(string key, string value, bool file = false, bool masked = false) =>
        new() { ["key"] = key, ["value"] = value, ["public"] = false, ["file"] = file, ["masked"] = masked };

    private static JsonArray Strings(string[] values) => new([.. values.Select(value => JsonValue.Create(value))]);

    private static void AssertInOrder(string text, params string[] parts)
    {
        var position = 0;
        foreach (var part in parts)
        {
            var found = text.IndexOf(part, position, StringComparison.Ordinal);
            Assert.True(found >= 0, $"'{part}' does not follow position {position} in:\n{text}");
            position = found + part.Length;
        }
    }
}
