using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Distributed;

/// <summary>
/// <c>./run-distributed.sh</c> as a new user runs it: its own PostgreSQL and RabbitMQ, every service a separate
/// process, the README's curl walkthrough through the gateway, one Pipelines replica killed mid-burst without losing
/// a trigger, and Ctrl-C stopping everything it started.
/// </summary>
public sealed partial class Running_the_distributed_script : IAsyncLifetime
{
    /// <summary>The README's walkthrough uses the embedded mode's root token; the script makes its own.</summary>
    private const string ReadmeRootToken = "change-me-root-token";

    /// <summary>The script's service ports above WVS_PORT_BASE: Tokens, Pipelines, Webhooks, the second Pipelines.</summary>
    private static readonly int[] ServiceOffsets = [1, 2, 3, 12];

    private readonly TestServers _servers = new();
    private readonly string _data = Path.Combine(Path.GetTempPath(), "wvs-run-distributed-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly StringBuilder _output = new();
    private Process? _script;

    [Fact]
    public async Task Serves_the_readme_walkthrough_and_loses_no_trigger_when_a_pipelines_replica_is_killed()
    {
        // Not the test command's servers: the script starts its own, from the same Debian packages.
        _servers.Require();
        var ct = TestContext.Current.CancellationToken;
        var url = await StartAsync(ct);
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        Assert.Contains($"root token (PRIVATE-TOKEN): {RootToken()}", Output(), StringComparison.Ordinal);

        var (token, pipelineId) = await RunReadmeWalkthroughAsync(url, ct);
        Assert.True(pipelineId > 0);

        // 30 triggers, 3 at a time; once 9 are answered, pipelines-1 dies (SIGKILL: no graceful hand-over).
        var victim = ProcessIdOf("pipelines-1");
        var answers = new List<(HttpStatusCode Status, JsonObject Body)>();
        for (var batch = 0; batch < 10; batch++)
        {
            if (batch == 3)
            {
                Kill(victim);
            }
            var sent = Enumerable.Range(0, 3).Select(async _ =>
            {
                using var form = new FormUrlEncodedContent([new("token", token), new("ref", "main")]);
                using var response = await http.PostAsync("/api/v4/projects/1/trigger/pipeline", form, ct);
                return (response.StatusCode, await response.JsonAsync(ct));
            });
            answers.AddRange(await Task.WhenAll(sent));
        }

        // Each was accepted: 201 with its pipeline, or 202 when Pipelines took longer than the answer may wait.
        Assert.All(answers, answer => Assert.Contains(answer.Status, new[] { HttpStatusCode.Created, HttpStatusCode.Accepted }));
        var created = answers.Where(a => a.Status == HttpStatusCode.Created).Select(a => a.Body["id"]!.GetValue<long>()).ToList();
        Assert.Equal(created.Count, created.Distinct().Count());
        // ... and every one became exactly one pipeline: the walkthrough's + 30, found through the surviving replica.
        var listed = await EventuallyListAsync(http, expected: 31, ct);
        Assert.Equal(31, listed.Count);
        Assert.Equal(31, listed.Distinct().Count());
        Assert.Superset(listed.ToHashSet(), created.Append(pipelineId).ToHashSet());
        Assert.False(IsAlive(victim));
        Assert.Contains("pipelines-1", Output(), StringComparison.Ordinal);

        // Ctrl-C: everything the script started stops, and it exits 0.
        var started = StartedProcessIds();
        Interrupt();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stopping.CancelAfter(TimeSpan.FromSeconds(90));
        await _script!.WaitForExitAsync(stopping.Token);
        Assert.Equal(0, _script.ExitCode);
        Assert.DoesNotContain(started, IsAlive);
    }

    /// <summary>Starts the script on free ports and waits for its "running" banner; returns the gateway's URL.</summary>
    private async Task<string> StartAsync(CancellationToken ct)
    {
        Assert.Equal("Release", RepositoryRoot.Configuration); // the script runs the Release build (--no-build)
        Directory.CreateDirectory(_data);
        var gatewayPort = HostProcess.FreePort();
        var portBase = FreePortBase();
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot.Path, "run-distributed.sh"), "--no-build", "--port", gatewayPort.ToString()])
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.Environment["WVS_DATA_DIR"] = _data;
        start.Environment["WVS_PORT_BASE"] = portBase.ToString();
        start.Environment.Remove("WVS_ROOT_TOKEN"); // the default: a random token, kept in <data>/root-token
        // The script's servers, not the test command's: it must not inherit theirs.
        start.Environment.Remove("WVS_TEST_POSTGRES");
        start.Environment.Remove("WVS_TEST_RABBITMQ");
        _script = Process.Start(start)!;
        _script.OutputDataReceived += (_, e) => Append(e.Data);
        _script.ErrorDataReceived += (_, e) => Append(e.Data);
        _script.BeginOutputReadLine();
        _script.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (!Output().Contains("WvsMesh is running, distributed", StringComparison.Ordinal))
        {
            if (_script.HasExited || DateTime.UtcNow > deadline)
            {
                Assert.Fail($"run-distributed.sh did not start (exited: {_script.HasExited}):\n{Output()}");
            }
            await Task.Delay(250, ct);
        }
        return $"http://127.0.0.1:{gatewayPort}";
    }

    /// <summary>
    /// The README's "Trigger a pipeline" block, command by command, as a user pastes it: the gateway's URL for
    /// 127.0.0.1:8080, a folder of the test's for /tmp/demo, and the answers' token and pipeline id for the placeholders.
    /// </summary>
    private async Task<(string Token, long PipelineId)> RunReadmeWalkthroughAsync(string url, CancellationToken ct)
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "README.md"), ct);
        var section = readme[readme.IndexOf("## Trigger a pipeline", StringComparison.Ordinal)..];
        var block = ShellBlock().Match(section).Groups[1].Value;
        var commands = Regex.Replace(block, @"\\\n\s*", " ").Split('\n')
            .Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')).ToList();
        Assert.Equal(5, commands.Count); // git, project, trigger token, trigger, read back

        string token = "", pipeline = "";
        JsonObject? last = null;
        foreach (var template in commands)
        {
            var command = template.Replace("http://127.0.0.1:8080", url, StringComparison.Ordinal)
                .Replace("/tmp/demo", Path.Combine(_data, "demo"), StringComparison.Ordinal)
                .Replace("<token>", token, StringComparison.Ordinal)
                .Replace("<pipeline id>", pipeline, StringComparison.Ordinal)
                .Replace(ReadmeRootToken, RootToken(), StringComparison.Ordinal);
            var answer = await ShellAsync(command, ct);
            if (!command.StartsWith("curl", StringComparison.Ordinal))
            {
                continue;
            }
            last = JsonNode.Parse(answer)!.AsObject();
            if (command.Contains("/triggers", StringComparison.Ordinal))
            {
                token = last["token"]!.GetValue<string>();
            }
            if (command.Contains("/trigger/pipeline", StringComparison.Ordinal))
            {
                pipeline = last["id"]!.ToString();
            }
        }
        Assert.StartsWith("wvsptt-", token, StringComparison.Ordinal);
        Assert.Equal(pipeline, last!["id"]!.ToString());
        Assert.Equal("trigger", last["source"]!.GetValue<string>());
        Assert.Equal("main", last["ref"]!.GetValue<string>());
        return (token, long.Parse(pipeline, System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task<string> ShellAsync(string command, CancellationToken ct)
    {
        var start = new ProcessStartInfo("bash", ["-c", command])
        {
            WorkingDirectory = _data,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var shell = Process.Start(start)!;
        var output = shell.StandardOutput.ReadToEndAsync(ct);
        var errors = shell.StandardError.ReadToEndAsync(ct);
        await shell.WaitForExitAsync(ct);
        Assert.True(shell.ExitCode == 0, $"`{command}` exited {shell.ExitCode}: {await errors}");
        return await output;
    }

    /// <summary>The project's pipeline ids, once there are <paramref name="expected"/> (202s are created a little later).</summary>
    private async Task<List<long>> EventuallyListAsync(HttpClient http, int expected, CancellationToken ct)
    {
        var api = new GitLabApiClient(http, RootToken());
        var ids = new List<long>();
        return await Eventually.UntilAsync(async () =>
        {
            using var response = await api.GetAsync("/api/v4/projects/1/pipelines?per_page=100", ct);
            // A read can meet the killed replica until the gateway's health check has taken it out (502).
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var list = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!.AsArray();
                ids = [.. list.Select(pipeline => pipeline!["id"]!.GetValue<long>())];
            }
            return ids;
        }, listed => listed.Count >= expected, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500), ct);
    }

    /// <summary>Root's token as the script made it (and printed it).</summary>
    private string RootToken() => File.ReadAllText(Path.Combine(_data, "root-token")).Trim();

    private int ProcessIdOf(string name) =>
        File.ReadAllLines(Path.Combine(_data, "pids")).Select(line => line.Split(' ')).Where(fields => fields[0] == name)
            .Select(fields => int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture)).Single();

    private int[] StartedProcessIds() =>
        [.. File.ReadAllLines(Path.Combine(_data, "pids")).Select(line => int.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture))];

    private static void Kill(int pid) => Signal("-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private void Interrupt() => Signal("-INT", _script!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static void Signal(string signal, string pid)
    {
        using var kill = Process.Start("kill", [signal, pid]);
        kill.WaitForExit();
    }

    private static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    /// <summary>A base whose +1, +2, +3 and +12 are free (the script checks again and refuses ports in use).</summary>
    private static int FreePortBase()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var candidate = Random.Shared.Next(20000, 30000);
            if (ServiceOffsets.All(offset => IsFree(candidate + offset)))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("no free range of ports");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
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

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    public ValueTask InitializeAsync() => _servers.InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_script is { HasExited: false })
        {
            Interrupt();
            if (!_script.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                _script.Kill(entireProcessTree: true);
            }
        }
        _script?.Dispose();
        await _servers.DisposeAsync();
        // The logs stay for a look after a failed run; databases, queues, keys and builds go.
        if (Directory.Exists(_data))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(_data).Where(entry => Path.GetFileName(entry) != "logs").ToList())
            {
                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    File.Delete(entry);
                }
            }
        }
    }

    [GeneratedRegex(@"```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();
}
