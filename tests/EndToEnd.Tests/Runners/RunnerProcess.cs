using System.Diagnostics;
using System.Text;
using WvsMesh.TestKit;

namespace WvsMesh.EndToEnd.Tests.Runners;

/// <summary>
/// The runner program (<c>dotnet WvsMesh.Runner.dll</c>) as its own process, asking <c>server</c> for jobs; its console
/// output is kept, and disposing kills it with its jobs. The token goes by environment, not on the command line.
/// </summary>
public sealed class RunnerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RunnerProcess(Process process, string buildsDir)
    {
        _process = process;
        BuildsDir = buildsDir;
    }

    /// <summary>Where the runner makes its jobs' folders (a fresh temp folder, removed on dispose).</summary>
    public string BuildsDir { get; }

    /// <summary>Everything the runner printed so far: one line per job start and end, and connection trouble.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the runner built beside this test assembly, with <paramref name="environment"/> added to its own.</summary>
    public static RunnerProcess Start(Uri server, string token, int concurrency = 2, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = RunnerBinary();
        var buildsDir = Path.Combine(Path.GetTempPath(), "wvs-runner-e2e-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll) ?? ".",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--url");
        start.ArgumentList.Add(server.ToString());
        start.ArgumentList.Add("--concurrency");
        start.ArgumentList.Add(concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--builds-dir");
        start.ArgumentList.Add(buildsDir);
        start.Environment["WVS_RUNNER_TOKEN"] = token;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var runner = new RunnerProcess(process, buildsDir);
        process.OutputDataReceived += (_, line) => runner.Append(line.Data);
        process.ErrorDataReceived += (_, line) => runner.Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return runner;
    }

    /// <summary>Waits until the runner has printed <paramref name="text"/> (say, <c>job 12 (project 3) success</c>).</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the runner exited with {_process.ExitCode} before printing '{text}':\n{Output}");
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the runner did not print '{text}' within {timeout}:\n{Output}");
            }
            await Task.Delay(100, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
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

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>services/Runner/Runner's dll in the build output of the same configuration as this test assembly.</summary>
    private static string RunnerBinary() => RepositoryRoot.Binary(Path.Combine("services", "Runner", "Runner"), "WvsMesh.Runner");
}
