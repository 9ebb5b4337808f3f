using System.Text;
using WvsMesh.Runner.Jobs;
using WvsMesh.Runner.Trace;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.Runner.Tests.Jobs;

/// <summary>A step becomes one bash script: each command echoed as GitLab does, then run, in order, stopping at the first failure.</summary>
public sealed class Writing_step_scripts : IDisposable
{
    private readonly string _builds = Path.Combine(Path.GetTempPath(), "wvs-runner-tests-" + Guid.NewGuid().ToString("N"));
    private readonly JobWorkspace _workspace;

    public Writing_step_scripts() => _workspace = JobWorkspace.Create(_builds, 1);

    public void Dispose() => Directory.Delete(_builds, recursive: true);

    [Fact]
    public void The_script_joins_stderr_to_stdout_and_echoes_each_command_before_it()
    {
        var script = StepScript.Build(["echo hello", "make 'all'", "", "  "]);

        Assert.Equal(
            """
            exec 2>&1
            set -eo pipefail
            set +o noclobber
            printf '%s\n' '$ echo hello'
            echo hello
            printf '%s\n' '$ make '\''all'\'''
            make 'all'

            """,
            script);
    }

    [Fact]
    public async Task Commands_run_in_order_with_their_echo_and_stderr_in_the_log()
    {
        var (exitCode, log) = await RunAsync(["echo one", "echo two >&2", "echo three"], TestContext.Current.CancellationToken);

        Assert.Equal(0, exitCode);
        Assert.Equal("$ echo one\none\n$ echo two >&2\ntwo\n$ echo three\nthree\n", log);
    }

    [Fact]
    public async Task The_first_failing_command_ends_the_step_with_its_exit_code()
    {
        var (exitCode, log) = await RunAsync(["echo before", "sh -c 'exit 7'", "echo after"], TestContext.Current.CancellationToken);

        Assert.Equal(7, exitCode);
        Assert.Equal("$ echo before\nbefore\n$ sh -c 'exit 7'\n", log);
    }

    [Fact]
    public async Task A_failure_inside_a_pipeline_fails_the_step()
    {
        var (exitCode, log) = await RunAsync(["false | cat", "echo after"], TestContext.Current.CancellationToken);

        Assert.Equal(1, exitCode);
        Assert.DoesNotContain("after\n", log.Replace("$ echo after", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_are_echoed_verbatim_not_expanded()
    {
        var (_, log) = await RunAsync(["echo '$HOME' \"$(echo x)\" 'it'\\''s'"], TestContext.Current.CancellationToken);

        Assert.Equal("$ echo '$HOME' \"$(echo x)\" 'it'\\''s'\n$HOME x it's\n", log);
    }

    [Fact]
    public async Task A_multi_line_command_is_echoed_by_its_first_line()
    {
        var (exitCode, log) = await RunAsync(["if true; then\n  echo inside\nfi"], TestContext.Current.CancellationToken);

        Assert.Equal(0, exitCode);
        Assert.Equal("$ if true; then # collapsed multi-line command\ninside\n", log);
    }

    [Fact]
    public async Task Variable_values_reach_the_script_through_the_environment_and_never_the_file()
    {
        const string value = "hunter2-never-on-disk";
        var environment = new Dictionary<string, string>(JobEnvironment.OfThisProcess()) { ["MY_SECRET"] = value };

        var (exitCode, log) = await RunAsync(["echo \"value: $MY_SECRET\""], TestContext.Current.CancellationToken, environment);

        Assert.Equal(0, exitCode);
        Assert.EndsWith($"value: {value}\n", log, StringComparison.Ordinal);
        var scripts = Directory.GetFiles(_workspace.PrivateDir, "*.sh");
        Assert.NotEmpty(scripts);
        Assert.All(scripts, script => Assert.DoesNotContain(value, File.ReadAllText(script), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancelling_a_step_kills_the_processes_it_started()
    {
        var pidFile = Path.Combine(_builds, "child.pid");
        var environment = new Dictionary<string, string>(JobEnvironment.OfThisProcess()) { ["PID_FILE"] = pidFile };
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = RunAsync(["sleep 120 & echo $! > \"$PID_FILE\"", "wait"], cancel.Token, environment);
        while (!File.Exists(pidFile) || File.ReadAllText(pidFile).Trim().Length == 0)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        var child = File.ReadAllText(pidFile).Trim();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken));
        await Eventually.UntilAsync(() => IsAlive(child), alive => !alive, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken);
        Assert.False(IsAlive(child), $"sleep ({child}) outlived its step");
    }

    // A killed child stays a zombie until its parent reaps it; a zombie is not running.
    private static bool IsAlive(string pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(") ")[^1].StartsWith('Z');

    private async Task<(int ExitCode, string Log)> RunAsync(
        string[] commands, CancellationToken ct, Dictionary<string, string>? environment = null)
    {
        var trace = new JobTrace(new TraceMasker([]));
        var script = _workspace.WriteScript("step-" + Guid.NewGuid().ToString("N"), StepScript.Build(commands));
        var exitCode = await ShellProcess.RunAsync(
            "bash", ["--noprofile", "--norc", script], _workspace.ProjectDir, environment ?? JobEnvironment.OfThisProcess(), trace,
            ct);
        trace.Complete();
        return (exitCode, Encoding.UTF8.GetString(trace.ToArray()));
    }
}
