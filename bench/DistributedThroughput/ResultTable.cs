using System.Globalization;
using System.Runtime.InteropServices;

namespace WvsMesh.DistributedThroughput;

/// <summary>The CPU situation at the start and end of the run, for the report.</summary>
internal sealed record MachineState(int Nproc, string LoadAtStart, string LoadAtEnd);

/// <summary>
/// The results as Markdown, ready for the README: one row per measured configuration, then the ratios of two replicas
/// to the one-replica baseline, per round and over all rounds pooled, then the CPU situation in words.
/// </summary>
internal static class ResultTable
{
    public static void Write(IReadOnlyList<ConfigurationResult> results, BenchSettings settings, MachineState machine, TextWriter output)
    {
        var invariant = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(string.Create(invariant, $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}; nproc {machine.Nproc}; 1-minute load average {machine.LoadAtStart} at start, {machine.LoadAtEnd} at end"));
        output.WriteLine(string.Create(invariant,
            $"{settings.Triggers} triggers per configuration after {settings.Warmup} of warm-up, {settings.Concurrency} in flight, {results.Select(r => r.Round).Distinct().Count()} of {settings.Rounds} round(s); POST /api/v4/projects/:id/trigger/pipeline through the gateway, one-job pipeline"));
        output.WriteLine();
        if (results.Count == 0)
        {
            output.WriteLine("No configuration finished.");
            return;
        }
        output.WriteLine("| round | Pipelines replicas | answered | wall s | triggers/s | median ms | p95 ms | p99 ms | 202 | errors | host CPU ms/trigger | Pipelines CPU split | machine busy % |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
        foreach (var r in results)
        {
            var b = r.Batch;
            var cpuPerTrigger = b.Answered == 0 ? double.NaN : r.HostCpuMs.Values.Sum() / b.Answered;
            output.WriteLine(string.Create(invariant,
                $"| {r.Round} | {r.Replicas} | {b.Answered}/{b.Sent} | {b.Wall.TotalSeconds:F1} | {b.Throughput:F1} | {b.Percentile(0.5):F0} | {b.Percentile(0.95):F0} | {b.Percentile(0.99):F0} | {b.Pending} | {b.Sent - b.Answered} | {cpuPerTrigger:F1} | {Split(r.HostCpuMs)} | {Busy(r.MachineBusyPercent)} |"));
        }

        var baselines = results.Where(r => r.Replicas == 1).ToList();
        var pairs = results.Where(r => r.Replicas == 2)
            .Select(two => (Two: two, One: baselines.FirstOrDefault(one => one.Round == two.Round)))
            .Where(pair => pair.One is not null)
            .ToList();
        if (pairs.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("| round | throughput 2/1 | median latency 2/1 | p95 latency 2/1 | p99 latency 2/1 |");
            output.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var (two, one) in pairs)
            {
                output.WriteLine(Ratios(two.Round.ToString(invariant), two.Batch, one!.Batch)); // not null: filtered above
            }
            if (pairs.Count > 1)
            {
                output.WriteLine(Ratios("all rounds pooled", Pool(pairs.Select(pair => pair.Two.Batch)), Pool(pairs.Select(pair => pair.One!.Batch))));
            }
        }

        foreach (var r in results.Where(r => r.Batch.Errors.Count > 0))
        {
            output.WriteLine();
            output.WriteLine(string.Create(invariant, $"Errors, round {r.Round}, {r.Replicas} replica(s):"));
            foreach (var error in r.Batch.Errors)
            {
                output.WriteLine("- " + error);
            }
        }

        output.WriteLine();
        output.WriteLine(string.Create(invariant, $"CPU: the hosts (every Pipelines replica included), PostgreSQL, RabbitMQ and this client all share the same {machine.Nproc} core(s), with whatever else the machine runs (see the load average)."));
        output.WriteLine("A second replica there cannot add CPU: the ratio shows the overhead or benefit of two competing consumers on one machine, not how a cluster scales when each replica brings its own cores.");
    }

    private static string Ratios(string label, BatchResult two, BatchResult one) => string.Create(CultureInfo.InvariantCulture,
        $"| {label} | {two.Throughput / one.Throughput:F2} | {two.Percentile(0.5) / one.Percentile(0.5):F2} | {two.Percentile(0.95) / one.Percentile(0.95):F2} | {two.Percentile(0.99) / one.Percentile(0.99):F2} |");

    /// <summary>All batches of one configuration as one: their wall times added, their latencies together.</summary>
    private static BatchResult Pool(IEnumerable<BatchResult> batches)
    {
        var all = batches.ToList();
        return new BatchResult(all.Sum(b => b.Sent), TimeSpan.FromTicks(all.Sum(b => b.Wall.Ticks)),
            [.. all.SelectMany(b => b.Latencies).Order()], all.Sum(b => b.Created), all.Sum(b => b.Pending), [.. all.SelectMany(b => b.Errors)]);
    }

    /// <summary>Each replica's share of the CPU time all replicas used, e.g. <c>52/48 %</c>; <c>-</c> for one replica.</summary>
    private static string Split(IReadOnlyDictionary<string, double> hostCpuMs)
    {
        var replicas = hostCpuMs.Where(pair => pair.Key.StartsWith("pipelines-", StringComparison.Ordinal)).OrderBy(pair => pair.Key, StringComparer.Ordinal).ToList();
        var total = replicas.Sum(pair => pair.Value);
        return replicas.Count < 2 || total <= 0
            ? "-"
            : string.Join('/', replicas.Select(pair => (100 * pair.Value / total).ToString("F0", CultureInfo.InvariantCulture))) + " %";
    }

    private static string Busy(double? percent) => percent is { } value ? value.ToString("F0", CultureInfo.InvariantCulture) : "n/a";
}
