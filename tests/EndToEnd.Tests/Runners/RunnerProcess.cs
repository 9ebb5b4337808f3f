using WvsMesh.TestKit;

namespace WvsMesh.EndToEnd.Tests.Runners;

/// <summary>
/// The runner program (<c>dotnet WvsMesh.Runner.dll</c>) as its own process, asking <c>server</c> for jobs, two at a time;
/// disposing kills it with its jobs. The token goes by environment, not on the command line.
/// </summary>
public sealed class RunnerProcess : IAsyncDisposable
{
    private readonly HostProcess _process;

    private RunnerProcess(HostProcess process, string buildsDir, string token)
    {
        _process = process;
        BuildsDir = buildsDir;
        Token = token;
    }

    /// <summary>Where the runner makes its jobs' folders (a fresh temp folder, removed on dispose).</summary>
    public string BuildsDir { get; }

    /// <summary>The runner's authentication token (a secret no job may see).</summary>
    public string Token { get; }

    /// <summary>Starts the runner built beside this test assembly.</summary>
    public static RunnerProcess Start(Uri server, string token)
    {
        var dll = RepositoryRoot.Binary(Path.Combine("services", "Runner", "Runner"), "WvsMesh.Runner");
        var buildsDir = Path.Combine(Path.GetTempPath(), "wvs-runner-e2e-" + Guid.NewGuid().ToString("N"));
        string[] arguments = ["--url", server.ToString(), "--concurrency", "2", "--builds-dir", buildsDir];
        var environment = new Dictionary<string, string> { ["WVS_RUNNER_TOKEN"] = token };
        return new RunnerProcess(HostProcess.StartDll("runner", dll, arguments, environment), buildsDir, token);
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            if (Directory.Exists(BuildsDir))
            {
                Directory.Delete(BuildsDir, recursive: true);
            }
        }
        catch (IOException)
        {
            // A killed job may leave files behind in a temp folder; harmless.
        }
    }
}
