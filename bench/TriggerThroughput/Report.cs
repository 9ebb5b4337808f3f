using System.Globalization;
using System.Runtime.InteropServices;

namespace WvsMesh.TriggerThroughput;

/// <summary>
/// The run in Markdown: its facts first, a line per measurement while it runs, then a table per load mode (the rounds of
/// each configuration together, with the products' ratios to their baselines), every measurement in order, the errors,
/// and the machine's load at the end.
/// </summary>
internal static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void WriteHeader(BenchOptions options, RunFacts run, TextWriter output)
    {
        output.WriteLine($"# Trigger throughput, {run.Started.ToString("yyyy-MM-dd HH:mm:ss", Invariant)} UTC");
        output.WriteLine();
        output.WriteLine(string.Create(Invariant, $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}; nproc {run.Nproc}; load average (1, 5, 15 min) at start {run.LoadAtStart}"));
        output.WriteLine(string.Create(Invariant, $"{options.Seconds} s per measurement, {options.Rounds} round(s), {options.WarmupSeconds}–{options.WarmupMaxSeconds} s of warm-up per configuration (until the JIT settles); configurations: {string.Join(", ", options.Only)}"));
        output.WriteLine($"The product sets no SQLite `synchronous`: this build's default in WAL mode is {run.ProductSynchronous}, so the all-in-one host is compared with {Configurations.SqliteAt(run.ProductSynchronous) ?? "no SQLite baseline"}.");
        output.WriteLine();
    }

    /// <summary>The line printed when a measurement ends.</summary>
    public static string Progress(RunResult r) => string.Create(Invariant,
        $"round {r.Round}, {r.Mode.Short}, {r.Configuration}: {r.Load.Throughput:F0} req/s{(r.Rate is { } rate ? $" (target {rate:F0})" : "")}, p50 {Ms(r.Load.Percentile(0.5))} ms, p99 {Ms(r.Load.Percentile(0.99))} ms, CPU {PerRequest(r.HostCpuMs, r.Load)} ms/req, non-2xx {r.Load.Failed}{(r.IsProduct ? $", pipelines {Count(r.PipelinesCreated)}/{r.Load.Created} answered 201" : "")}{(r.Counts ? "" : " ✗ does not count")}");

    public static void WriteTables(IReadOnlyList<RunResult> results, RunFacts run, TextWriter output)
    {
        output.WriteLine();
        if (run.Servers is not null)
        {
            output.WriteLine("Servers: " + run.Servers);
            output.WriteLine();
        }
        foreach (var mode in LoadMode.All)
        {
            var rows = results.Where(r => r.Mode == mode).GroupBy(r => r.Configuration)
                .OrderBy(group => Configurations.All.ToList().IndexOf(group.Key))
                .ToDictionary(group => group.Key, group => new Summary(group.ToList()));
            if (rows.Count > 0)
            {
                WriteMode(mode, rows, run, output);
            }
        }
        WriteRuns(results, output);
        var failed = results.Where(r => r.Load.Errors.Count > 0).ToList();
        if (failed.Count > 0)
        {
            output.WriteLine("Errors (the most frequent answers other than 2xx, per measurement):");
            foreach (var r in failed)
            {
                output.WriteLine($"- round {r.Round}, {r.Mode.Short}, {r.Configuration}: {string.Join("; ", r.Load.Errors)}");
            }
            output.WriteLine();
        }
        output.WriteLine("CPU ms/req: CPU time (user + system, children included) ÷ 2xx answers, of the configuration's own processes (a baseline's process; the product's hosts with the git they run) and, apart, of the PostgreSQL and RabbitMQ processes it uses (their backends included; other configurations' idle connections too). Client: this process, which sends the load on the same cores.");
        output.WriteLine(string.Create(Invariant, $"Ended {run.Ended:yyyy-MM-dd HH:mm:ss} UTC; load average (1, 5, 15 min) at end {run.LoadAtEnd}."));
    }

    private static void WriteMode(LoadMode mode, Dictionary<string, Summary> rows, RunFacts run, TextWriter output)
    {
        var metric = mode.FixedRate ? "p99" : "req/s";
        output.WriteLine($"## {mode.Name}");
        output.WriteLine();
        output.WriteLine($"| configuration | rounds that count |{(mode.FixedRate ? " target req/s |" : "")} req/s | p50 ms | p99 ms | CPU ms/req | PG+MQ CPU ms/req | non-2xx | pipelines created / 201 | {metric} ÷ baseline | {metric} ÷ raw |");
        output.WriteLine($"|---|---:|{(mode.FixedRate ? "---:|" : "")}---:|---:|---:|---:|---:|---:|---:|---|---:|");
        foreach (var (name, s) in rows)
        {
            var baseline = name switch
            {
                Configurations.AllInOne => Configurations.SqliteAt(run.ProductSynchronous),
                Configurations.Distributed => Configurations.Postgres,
                _ => null,
            };
            string Ratio(string? other) => other is not null && rows.TryGetValue(other, out var o) && s.Counted.Count > 0 && o.Counted.Count > 0
                ? (mode.FixedRate ? s.P99 / o.P99 : s.MedianThroughput / o.MedianThroughput).ToString("F3", Invariant)
                : "-";
            var target = mode.FixedRate ? $" {Median(s.Used.Select(r => r.Rate ?? 0)):F0} |" : "";
            output.WriteLine(string.Create(Invariant,
                $"| {name} | {s.Counted.Count}/{s.All.Count}{(s.Counted.Count == 0 ? " ✗" : "")} |{target} {s.MedianThroughput:F0} | {Ms(s.P50)} | {Ms(s.P99)} | {s.CpuPerRequest(r => r.HostCpuMs)} | {s.CpuPerRequest(r => r.ServerCpuMs)} | {s.All.Sum(r => r.Load.Failed)} | {s.Pipelines} | {(baseline is null ? "-" : $"{Ratio(baseline)} ({baseline})")} | {(Configurations.IsProduct(name) ? Ratio(Configurations.Raw) : "-")} |"));
        }
        output.WriteLine();
    }

    private static void WriteRuns(IReadOnlyList<RunResult> results, TextWriter output)
    {
        output.WriteLine("## Every measurement, in the order run");
        output.WriteLine();
        output.WriteLine("| round | mode | configuration | req/s | target req/s | p50 ms | p99 ms | CPU ms/req | PG+MQ CPU ms/req | client CPU ms/req | non-2xx | 201 | 202 | pipelines created | send lag p99 ms | machine busy % | counts |");
        output.WriteLine("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            var l = r.Load;
            output.WriteLine(string.Create(Invariant,
                $"| {r.Round} | {r.Mode.Short} | {r.Configuration} | {l.Throughput:F0} | {(r.Rate is { } rate ? rate.ToString("F0", Invariant) : "-")} | {Ms(l.Percentile(0.5))} | {Ms(l.Percentile(0.99))} | {PerRequest(r.HostCpuMs, l)} | {PerRequest(r.ServerCpuMs, l)} | {PerRequest(r.ClientCpuMs, l)} | {l.Failed} | {l.Created} | {l.Accepted} | {(r.IsProduct ? Count(r.PipelinesCreated) : "-")} | {(l.SendLagP99 is { } lag ? Ms(lag) : "-")} | {(r.MachineBusyPercent is { } busy ? busy.ToString("F0", Invariant) : "n/a")} | {(r.Counts ? "yes" : "✗ no")} |"));
        }
        output.WriteLine();
    }

    /// <summary>The rounds of one configuration in one mode: those that count, or all of them (marked) when none does.</summary>
    private sealed class Summary(List<RunResult> all)
    {
        public List<RunResult> All { get; } = all;

        public List<RunResult> Counted { get; } = all.Where(r => r.Counts).ToList();

        public List<RunResult> Used => Counted.Count > 0 ? Counted : All;

        public double MedianThroughput => Median(Used.Select(r => r.Load.Throughput));

        public double P50 => LoadResult.NearestRank(Pooled, 0.5);

        public double P99 => LoadResult.NearestRank(Pooled, 0.99);

        public string Pipelines => All[0].IsProduct
            ? $"{(All.Any(r => r.PipelinesCreated is null) ? "?" : All.Sum(r => r.PipelinesCreated ?? 0).ToString(Invariant))} / {All.Sum(r => r.Load.Created)}"
            : "-";

        private double[] Pooled => [.. Used.SelectMany(r => r.Load.Latencies).Order()];

        public string CpuPerRequest(Func<RunResult, double?> cpu) =>
            Used.Any(r => cpu(r) is null) ? "-" : PerRequest(Used.Sum(r => cpu(r) ?? 0), Used.Sum(r => r.Load.Succeeded));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string PerRequest(double? cpuMs, LoadResult load) => PerRequest(cpuMs, load.Succeeded);

    private static string PerRequest(double? cpuMs, int requests) => cpuMs is { } ms && requests > 0 ? Ms(ms / requests) : "-";

    /// <summary>Milliseconds with three significant digits or so: 0.412, 3.71, 48.2, 913.</summary>
    private static string Ms(double ms) => double.IsNaN(ms) ? "-" : ms.ToString(ms < 1 ? "F3" : ms < 10 ? "F2" : ms < 100 ? "F1" : "F0", Invariant);

    private static string Count(long? count) => count?.ToString(Invariant) ?? "?";
}
