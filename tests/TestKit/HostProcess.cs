using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace WvsMesh.TestKit;

/// <summary>
/// One host run as its own process (<c>dotnet WvsMesh.X.Host.dll</c>, or the all-in-one <c>WvsMesh.AllInOne.dll</c>) on a free
/// loopback port, its output kept: for the distributed composition, and wherever a real socket is needed (jobs call the API
/// with curl; a browser needs it).
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(string name, int port, Process process)
    {
        Name = name;
        Port = port;
        _process = process;
    }

    public string Name { get; }

    /// <summary>The loopback port the host listens on; 0 for a process started with <see cref="StartDll"/> without one.</summary>
    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary>The host's process id.</summary>
    public int Id => _process.Id;

    /// <summary>CPU time (user + system) the host has used so far; zero once it has exited.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.HasExited ? TimeSpan.Zero : _process.TotalProcessorTime;
        }
    }

    /// <summary>The host's resident memory in bytes now (<c>VmRSS</c> in <c>/proc/&lt;pid&gt;/status</c>); zero once it has exited.</summary>
    public long ResidentMemory()
    {
        var status = $"/proc/{_process.Id}/status";
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) : null;
        // "VmRSS:	  123456 kB"
        return line is null ? 0 : long.Parse(line["VmRSS:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Everything the host printed so far (logs and, with OTEL_TRACES_EXPORTER=console, its spans).</summary>
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

    /// <summary>
    /// Starts <c>services/&lt;service&gt;/&lt;service&gt;.Host</c>'s build output with <paramref name="environment"/>, from its
    /// build folder (where its appsettings.json is). <paramref name="service"/> defaults to <paramref name="name"/>; a
    /// second replica is e.g. <c>Start("pipelines-2", port, environment, service: "Pipelines")</c>.
    /// </summary>
    public static HostProcess Start(string name, int port, IReadOnlyDictionary<string, string> environment, string? service = null)
    {
        var hostEnvironment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["MASSTRANSIT_USAGE_TELEMETRY"] = "false",
        };
        foreach (var (key, value) in environment)
        {
            hostEnvironment[key] = value;
        }
        return Launch(name, port, HostBinary(service ?? name), [], hostEnvironment);
    }

    /// <summary>
    /// Starts any built <paramref name="dll"/> (<c>dotnet &lt;dll&gt; &lt;arguments&gt;</c>) from its folder, with
    /// <paramref name="environment"/> added to this process's own; its <see cref="Port"/> is <paramref name="port"/>,
    /// which the caller hands to the process itself (0: it is given none).
    /// </summary>
    public static HostProcess StartDll(string name, string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, int port = 0) =>
        Launch(name, port, dll, arguments, environment);

    private static HostProcess Launch(string name, int port, string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll) ?? ".",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new HostProcess(name, port, process);
        process.OutputDataReceived += (_, line) => host.Append(line.Data);
        process.ErrorDataReceived += (_, line) => host.Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits until <c>/readyz</c> answers 200 (database and bus reachable).</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Output}");
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
                // Slow first answer.
            }
            await Task.Delay(200, ct);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout}:\n{Output}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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

    /// <summary>The host's dll in the build output of the same configuration as this test assembly.</summary>
    private static string HostBinary(string name) =>
        // The embedded default is one project (services/AllInOne); each service has its own host project.
        name == "AllInOne"
            ? RepositoryRoot.Binary(Path.Combine("services", name), $"WvsMesh.{name}")
            : RepositoryRoot.Binary(Path.Combine("services", name, name + ".Host"), $"WvsMesh.{name}.Host");
}
