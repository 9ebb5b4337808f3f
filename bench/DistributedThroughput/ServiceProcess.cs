using System.Diagnostics;
using System.Net;
using WvsMesh.TestKit;

namespace WvsMesh.DistributedThroughput;

/// <summary>
/// One service host run from its build output as its own process on 127.0.0.1, as TestKit's <c>HostProcess</c> runs it,
/// but keeping the process: the bench reads each host's CPU time, and keeps only the tail of its output (a measured run
/// must not grow a log in memory).
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private const int KeptLines = 200;

    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    private ServiceProcess(string name, int port, Process process)
    {
        Name = name;
        Address = new Uri($"http://127.0.0.1:{port}");
        _process = process;
    }

    /// <summary>The role, e.g. <c>pipelines-2</c>.</summary>
    public string Name { get; }

    public Uri Address { get; }

    public int Id => _process.Id;

    /// <summary>CPU time (user + system) the host has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.HasExited ? TimeSpan.Zero : _process.TotalProcessorTime;
        }
    }

    /// <summary>Starts <c>services/&lt;service&gt;/&lt;service&gt;.Host</c>'s build output on <paramref name="port"/> with <paramref name="environment"/>.</summary>
    public static ServiceProcess Start(string name, string service, int port, IReadOnlyDictionary<string, string> environment)
    {
        var dll = RepositoryRoot.Binary(Path.Combine("services", service, service + ".Host"), $"WvsMesh.{service}.Host");
        var start = new ProcessStartInfo("dotnet")
        {
            // From its build folder, as run-distributed.sh starts it: appsettings.json is found there.
            WorkingDirectory = Path.GetDirectoryName(dll) ?? ".",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["MASSTRANSIT_USAGE_TELEMETRY"] = "false";
        // Warnings and errors only: the console of a host at hundreds of requests per second would be timed too.
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = new Process { StartInfo = start };
        var host = new ServiceProcess(name, port, process);
        process.OutputDataReceived += (_, line) => host.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => host.Keep(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>The last lines the host printed.</summary>
    public string Tail()
    {
        lock (_tail)
        {
            return string.Join(Environment.NewLine, _tail);
        }
    }

    /// <summary>Waits until <c>/readyz</c> answers 200 (database and bus reachable); throws with the host's output otherwise.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Tail()}");
            }
            try
            {
                using var response = await http.GetAsync("/readyz", ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // A slow first answer on a busy machine.
            }
            await Task.Delay(250, ct);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout}:\n{Tail()}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > KeptLines)
            {
                _tail.Dequeue();
            }
        }
    }
}
