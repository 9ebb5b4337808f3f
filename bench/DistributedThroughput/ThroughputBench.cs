using System.Diagnostics;
using System.Globalization;
using WvsMesh.BenchKit;
using WvsMesh.TestKit;

namespace WvsMesh.DistributedThroughput;

/// <summary>
/// One measured configuration: its round, its number of Pipelines replicas, the batch, the CPU time its hosts used
/// during the batch (per host name, ms) and how busy the whole machine was meanwhile.
/// </summary>
internal sealed record ConfigurationResult(int Round, int Replicas, BatchResult Batch, IReadOnlyDictionary<string, double> HostCpuMs, double? MachineBusyPercent);

/// <summary>
/// Runs the rounds: in each, one configuration with one Pipelines replica and one with two, the order alternating from
/// round to round so that drift of the machine's other load falls on both alike. A configuration is started on fresh
/// databases, arranged through its gateway (a project importing a one-job repository, a trigger token), warmed up,
/// measured, and stopped entirely before the next one starts.
/// </summary>
internal static class ThroughputBench
{
    private static readonly int[] Configurations = [1, 2];

    /// <summary>
    /// Runs the rounds into <paramref name="results"/>; returns how many ran. A round starts only while the time left is
    /// at least the last round's duration and a quarter, so the run ends within the limit with whole rounds (pairs).
    /// </summary>
    public static async Task<int> RunAsync(BenchSettings settings, List<ConfigurationResult> results, TextWriter log, CancellationToken ct)
    {
        var run = Stopwatch.StartNew();
        var lastRound = TimeSpan.Zero;
        for (var round = 1; round <= settings.Rounds; round++)
        {
            if (run.Elapsed + lastRound * 1.25 > settings.TimeLimit)
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round} not started: the last round took {lastRound.TotalSeconds:F0} s and only {Math.Max(0, (settings.TimeLimit - run.Elapsed).TotalSeconds):F0} s of --minutes {settings.TimeLimit.TotalMinutes} are left"));
                return round - 1;
            }
            var started = run.Elapsed;
            var order = round % 2 == 1 ? Configurations : [.. Configurations.Reverse()];
            foreach (var replicas in order)
            {
                results.Add(await MeasureAsync(round, replicas, settings, log, ct));
            }
            lastRound = run.Elapsed - started;
        }
        return settings.Rounds;
    }

    private static async Task<ConfigurationResult> MeasureAsync(int round, int replicas, BenchSettings settings, TextWriter log, CancellationToken ct)
    {
        var invariant = CultureInfo.InvariantCulture;
        log.WriteLine(string.Create(invariant, $"round {round}, {replicas} Pipelines replica(s): starting the hosts (load {MachineCpu.LoadAverage1Minute()})"));
        await using var composition = await Composition.StartAsync(replicas, settings.Postgres, settings.RabbitMq, ct);
        log.WriteLine("  ready: " + string.Join(", ", composition.Hosts.Select(host =>
            string.Create(invariant, $"{host.Name} (pid {host.Id}, {host.Address.Authority}) after {composition.ReadyAfter[host.Name].TotalSeconds:F1} s"))));
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = settings.Concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            BaseAddress = composition.Gateway.Address,
            // Longer than Tokens waits for Pipelines (30 s) before it answers 202.
            Timeout = TimeSpan.FromSeconds(60),
        };
        var api = new GitLabApiClient(http, Composition.RootToken);
        using var slice = await TriggerSlice.ArrangeAsync(api, ct);

        if (settings.Warmup > 0)
        {
            var warmup = await TriggerLoad.RunAsync(api, slice, settings.Warmup, settings.Concurrency, ct);
            log.WriteLine(string.Create(invariant, $"  warm-up: {warmup.Created} created, {warmup.Pending} pending, {warmup.Errors.Count} kinds of error in {warmup.Wall.TotalSeconds:F1} s"));
            if (warmup.Errors.Count > 0)
            {
                log.WriteLine("  warm-up errors: " + string.Join("; ", warmup.Errors) + "; host logs in " + SaveLogs(composition, round, replicas));
            }
            if (warmup.Answered == 0)
            {
                throw new InvalidOperationException("no warm-up trigger was answered 201 or 202: " + string.Join("; ", warmup.Errors));
            }
        }

        var cpuBefore = composition.Hosts.ToDictionary(host => host.Name, host => host.CpuTime);
        var machineBefore = MachineCpu.Read();
        var batch = await TriggerLoad.RunAsync(api, slice, settings.Triggers, settings.Concurrency, ct);
        var machineAfter = MachineCpu.Read();
        var cpu = composition.Hosts.ToDictionary(host => host.Name, host => (host.CpuTime - cpuBefore[host.Name]).TotalMilliseconds);
        log.WriteLine(string.Create(invariant,
            $"  measured: {batch.Answered}/{batch.Sent} answered in {batch.Wall.TotalSeconds:F1} s, {batch.Throughput:F1}/s, median {batch.Percentile(0.5):F0} ms"));
        if (batch.Errors.Count > 0)
        {
            log.WriteLine("  errors: host logs (warnings and errors, last lines) in " + SaveLogs(composition, round, replicas));
        }
        log.WriteLine("  host CPU during the batch: " + string.Join(", ", cpu.Select(pair => string.Create(invariant, $"{pair.Key} {pair.Value:F0} ms"))));
        return new ConfigurationResult(round, replicas, batch, cpu, MachineCpu.BusyPercent(machineBefore, machineAfter));
    }

    /// <summary>Writes each host's last lines to a folder of its own under the temp folder; returns the folder.</summary>
    private static string SaveLogs(Composition composition, int round, int replicas)
    {
        var folder = Path.Combine(Path.GetTempPath(), "wvs-bench-distributed-logs",
            string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-round{round}-replicas{replicas}"));
        Directory.CreateDirectory(folder);
        foreach (var host in composition.Hosts)
        {
            File.WriteAllText(Path.Combine(folder, host.Name + ".log"), Tail(host.Output));
        }
        return folder;
    }

    /// <summary>The last 200 lines a host printed.</summary>
    private static string Tail(string output) => string.Join(Environment.NewLine, output.Split('\n').TakeLast(200));
}
