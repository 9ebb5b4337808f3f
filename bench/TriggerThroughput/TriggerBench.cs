using System.Diagnostics;
using System.Globalization;
using WvsMesh.BenchKit;
using WvsMesh.TestKit;

namespace WvsMesh.TriggerThroughput;

/// <summary>A way of loading a configuration; a fixed rate runs at half the higher closed-loop rate of the same round.</summary>
internal sealed record LoadMode(string Name, string Short, int Connections, bool FixedRate)
{
    public static LoadMode Closed16 { get; } = new("closed loop, 16 connections", "closed 16", 16, false);

    public static LoadMode Closed64 { get; } = new("closed loop, 64 connections", "closed 64", 64, false);

    public static LoadMode HalfRate { get; } = new("fixed rate: half the configuration's higher closed-loop req/s of the same round, up to 64 connections", "half rate", 64, true);

    public static IReadOnlyList<LoadMode> All { get; } = [Closed16, Closed64, HalfRate];
}

/// <summary>
/// One measurement: the load's result, the CPU (ms) its WvsMesh processes, its PostgreSQL and RabbitMQ (null where it
/// uses none or they could not be read) and this client used meanwhile, for a product the pipelines its project gained,
/// and how busy the whole machine was. It counts only if every request was answered 2xx and, for a product, every 2xx
/// answer has its pipeline.
/// </summary>
internal sealed record RunResult(int Round, LoadMode Mode, string Configuration, double? Rate, LoadResult Load,
    double? HostCpuMs, double? ServerCpuMs, double ClientCpuMs, long? PipelinesCreated, bool IsProduct, double? MachineBusyPercent)
{
    public bool Counts => Load.Failed == 0 && Load.Succeeded > 0 && (!IsProduct || PipelinesCreated == Load.Succeeded);
}

/// <summary>
/// The run: the servers if a configuration needs them, every configuration started and warmed up, then the rounds. In a
/// round every configuration is measured in each mode — closed loop at 16, then at 64 connections, then the fixed rate —
/// configurations alternating within a mode, their order rotating by one from round to round, so that drift of the
/// machine's other load falls on all alike.
/// </summary>
internal static class TriggerBench
{
    /// <summary>Before each measurement: what the previous one left running (a product's work after its answers) ends first.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    /// <summary>How long a product may take to show the pipelines of its 2xx answers in its list.</summary>
    private static readonly TimeSpan PipelinesTimeout = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(BenchOptions options, TextWriter output, CancellationToken ct)
    {
        var run = new RunFacts(DateTimeOffset.UtcNow, MachineCpu.LoadAverages(), MachineCpu.Nproc());
        var folder = Directory.CreateTempSubdirectory("wvs-bench-trigger.").FullName;
        run.ProductSynchronous = SqliteTriggerWriter.DefaultSynchronousInWal(folder);
        Report.WriteHeader(options, run, output);
        var results = new List<RunResult>();
        var targets = new List<BenchTarget>();
        BenchServers? servers = null;
        var exitCode = 0;
        try
        {
            if (options.Only.Any(Configurations.NeedsServers))
            {
                servers = await BenchServers.ObtainAsync(output, ct);
                run.Servers = $"{servers.Origin}; PostgreSQL {await servers.PostgresDurabilityAsync(ct)}; CPU read from PostgreSQL pid {Pid(servers.PostgresProcess)}, RabbitMQ pid {Pid(servers.RabbitMqProcess)}";
                output.WriteLine("servers: " + run.Servers);
            }
            var starter = new TargetStarter(folder, servers);
            foreach (var name in options.Only)
            {
                var target = await starter.StartAsync(name, ct);
                targets.Add(target);
                output.WriteLine($"{name}: ready at {target.Address.Authority}, " + string.Join(", ", target.Hosts.Select(host => $"{host.Name} pid {host.Id}")));
            }
            foreach (var target in options.WarmupSeconds > 0 ? targets : [])
            {
                await WarmUpAsync(target, options, output, ct);
            }
            for (var round = 1; round <= options.Rounds; round++)
            {
                var order = targets.Skip((round - 1) % targets.Count).Concat(targets.Take((round - 1) % targets.Count)).ToList();
                foreach (var mode in LoadMode.All)
                {
                    foreach (var target in order)
                    {
                        var result = await MeasureAsync(round, mode, target, RateFor(mode, round, target, results), options, folder, output, ct);
                        results.Add(result);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            output.WriteLine("stopped: the tables hold the finished measurements");
            exitCode = 1;
        }
        finally
        {
            foreach (var target in targets)
            {
                await target.DisposeAsync();
            }
            if (servers is not null)
            {
                await servers.DisposeAsync();
            }
            Delete(folder);
        }
        run.LoadAtEnd = MachineCpu.LoadAverages();
        run.Ended = DateTimeOffset.UtcNow;
        Report.WriteTables(results, run, output);
        return exitCode;
    }

    /// <summary>
    /// Closed-loop load for at least <c>--warmup-seconds</c>, then in 5 s slices until the JIT has settled: the hosts'
    /// tiered compilation threads used under 2 % of the hosts' CPU in the last slice (<see cref="TieredCompilationCpu"/>),
    /// or <c>--warmup-max-seconds</c> have passed.
    /// </summary>
    private static async Task WarmUpAsync(BenchTarget target, BenchOptions options, TextWriter output, CancellationToken ct)
    {
        const double SettledShare = 0.02;
        var jit = new TieredCompilationCpu(target.Hosts.Select(host => host.Id));
        var started = Stopwatch.StartNew();
        var slice = TimeSpan.FromSeconds(Math.Min(options.WarmupSeconds, options.WarmupMaxSeconds));
        while (true)
        {
            jit.Advance();
            var before = target.Cpu().Hosts;
            var warmup = await LoadGenerator.ClosedLoopAsync(target, LoadMode.Closed16.Connections, slice, ct);
            var hosts = Difference(before, target.Cpu().Hosts);
            var share = hosts is > 0 ? jit.Advance().TotalMilliseconds / hosts.Value : 0;
            var settled = share < SettledShare;
            if (settled || started.Elapsed.TotalSeconds + 5 > options.WarmupMaxSeconds)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{target.Name}: warm-up {started.Elapsed.TotalSeconds:F0} s, {warmup.Throughput:F0} req/s at its end, tiered compilation {100 * share:F1} % of the hosts' CPU then{(settled ? "" : " (not settled: --warmup-max-seconds reached)")}, {warmup.Failed} non-2xx {string.Join("; ", warmup.Errors)}"));
                return;
            }
            slice = TimeSpan.FromSeconds(5);
        }
    }

    /// <summary>For the fixed rate, half the higher closed-loop rate of the configuration in this round.</summary>
    private static double? RateFor(LoadMode mode, int round, BenchTarget target, List<RunResult> results) => mode.FixedRate
        ? results.Where(r => r.Round == round && r.Configuration == target.Name && !r.Mode.FixedRate).Select(r => r.Load.Throughput).DefaultIfEmpty(0).Max() / 2
        : null;

    private static async Task<RunResult> MeasureAsync(int round, LoadMode mode, BenchTarget target, double? rate, BenchOptions options, string folder,
        TextWriter output, CancellationToken ct)
    {
        await Task.Delay(Settle, ct);
        var duration = TimeSpan.FromSeconds(options.Seconds);
        var pipelinesBefore = await CountPipelinesAsync(target, ct);
        var (hostsBefore, serversBefore) = target.Cpu();
        var clientBefore = ClientCpu();
        var machineBefore = MachineCpu.Read();
        var load = rate is { } perSecond
            ? perSecond >= 1 / duration.TotalSeconds
                ? await LoadGenerator.FixedRateAsync(target, mode.Connections, perSecond, duration, ct)
                : new LoadResult(TimeSpan.Zero, [], 0, 0, 0, ["not run: the closed-loop measurements of this round got no 2xx answer"], null)
            : await LoadGenerator.ClosedLoopAsync(target, mode.Connections, duration, ct);
        var machineAfter = MachineCpu.Read();
        var clientCpu = (ClientCpu() - clientBefore).TotalMilliseconds;
        var (hostsAfter, serversAfter) = target.Cpu();
        long? created = null;
        if (target.IsProduct && pipelinesBefore is { } before)
        {
            var after = await Eventually.UntilAsync(() => CountPipelinesAsync(target, ct), count => count is null || count - before >= load.Succeeded,
                PipelinesTimeout, TimeSpan.FromMilliseconds(200), ct);
            created = after - before;
        }
        var result = new RunResult(round, mode, target.Name, rate, load, Difference(hostsBefore, hostsAfter), Difference(serversBefore, serversAfter),
            clientCpu, created, target.IsProduct, MachineCpu.BusyPercent(machineBefore, machineAfter));
        output.WriteLine(Report.Progress(result));
        if (load.Failed > 0)
        {
            var logs = target.SaveLogs(Path.Combine(Path.GetTempPath(), "wvs-bench-trigger-logs",
                string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-round{round}-{target.Name}")));
            output.WriteLine($"  {string.Join("; ", load.Errors)}; host logs (last lines) in {logs}");
        }
        return result;
    }

    private static async Task<long?> CountPipelinesAsync(BenchTarget target, CancellationToken ct)
    {
        try
        {
            return await target.CountPipelinesAsync(ct);
        }
        catch (HttpRequestException)
        {
            return null; // counted as "not known": the measurement does not count
        }
    }

    private static double? Difference(TimeSpan? before, TimeSpan? after) => before is { } b && after is { } a ? (a - b).TotalMilliseconds : null;

    private static TimeSpan ClientCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static string Pid(int? pid) => pid?.ToString(CultureInfo.InvariantCulture) ?? "(not found: their CPU is not counted)";

    private static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder (a file a host still held) is harmless.
        }
    }
}

/// <summary>The facts of the run the report states: when, the machine's load, the product's SQLite durability, the servers.</summary>
internal sealed class RunFacts(DateTimeOffset started, string loadAtStart, int nproc)
{
    public DateTimeOffset Started { get; } = started;

    public string LoadAtStart { get; } = loadAtStart;

    public int Nproc { get; } = nproc;

    /// <summary>The <c>synchronous</c> the product's SQLite connections run at (it sets none: this build's default in WAL).</summary>
    public string ProductSynchronous { get; set; } = "unknown";

    public string? Servers { get; set; }

    public string LoadAtEnd { get; set; } = "n/a";

    public DateTimeOffset Ended { get; set; }
}
