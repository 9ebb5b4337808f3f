using System.Runtime.InteropServices;
using WvsMesh.Runner.Api;
using WvsMesh.Runner.Jobs;

namespace WvsMesh.Runner;

/// <summary>
/// wvs-runner: a GitLab-Runner-like shell executor that asks a WvsMesh server for jobs over the runner API and runs
/// them with bash. Exit code 0 after Ctrl-C/SIGTERM, 2 when the URL or token is missing.
/// </summary>
internal static class RunnerProgram
{
    public const string Version = "1";

    /// <summary>The process entry: settings from the process environment and arguments; Ctrl-C and SIGTERM stop it.</summary>
    public static async Task<int> MainAsync(string[] args)
    {
        using var stopping = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        return await RunAsync(args, JobEnvironment.OfThisProcess(), Console.Out, Console.Error, stopping.Token);

        void Stop(PosixSignalContext context)
        {
            // Keep the process alive: running jobs are killed and reported failed before the runner exits.
            context.Cancel = true;
            stopping.Cancel();
        }
    }

    /// <summary>Runs until <paramref name="stopping"/> fires and every running job has been reported; returns the exit code.</summary>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment, TextWriter output, TextWriter error, CancellationToken stopping)
    {
        if (!RunnerSettings.TryParse(args, environment, out var settings, out var problem))
        {
            await error.WriteLineAsync($"wvs-runner: {problem} {RunnerSettings.Usage}");
            return 2;
        }

        var log = new RunnerLog(output);
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd($"wvs-runner/{Version}");
        var api = new RunnerApi(http, settings.Url, settings.Token);
        var executor = new JobExecutor(api, settings, JobEnvironment.OfThisProcess(), log);
        log.Started(settings.Url, settings.Concurrency, settings.BuildsDir);
        await new JobPoller(api, executor, log, settings.Concurrency).RunAsync(stopping);
        return 0;
    }

}
