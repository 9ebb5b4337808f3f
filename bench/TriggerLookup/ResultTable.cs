using System.Globalization;
using System.Runtime.InteropServices;

namespace WvsMesh.TriggerLookup;

/// <summary>The results as Markdown, ready for the README: latencies per count, then the ratio of the largest to the smallest count.</summary>
internal static class ResultTable
{
    public static void Write(IReadOnlyList<LatencyResult> results, BenchSettings settings, TextWriter output)
    {
        var invariant = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(string.Create(invariant, $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} CPUs"));
        output.WriteLine(string.Create(invariant, $"{settings.Rounds:N0} requests of each kind after {settings.Warmup:N0} of warm-up, one at a time over HTTP on 127.0.0.1"));
        output.WriteLine();
        output.WriteLine("| storage | stored tokens | request | median ms | p95 ms | p99 ms | mean ms |");
        output.WriteLine("|---|---:|---|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            output.WriteLine(string.Create(invariant, $"| {r.Storage} | {r.StoredTokens:N0} | {r.Scenario} | {r.Median:F3} | {r.P95:F3} | {r.P99:F3} | {r.Mean:F3} |"));
        }
        var smallest = settings.Sizes[0];
        var largest = settings.Sizes[^1];
        if (smallest == largest)
        {
            return;
        }
        output.WriteLine();
        output.WriteLine(string.Create(invariant, $"| storage | request | median {largest:N0}/{smallest:N0} | p95 {largest:N0}/{smallest:N0} | p99 {largest:N0}/{smallest:N0} |"));
        output.WriteLine("|---|---|---:|---:|---:|");
        foreach (var large in results.Where(r => r.StoredTokens == largest))
        {
            var small = results.Single(r => r.StoredTokens == smallest && r.Storage == large.Storage && r.Scenario == large.Scenario);
            output.WriteLine(string.Create(invariant, $"| {large.Storage} | {large.Scenario} | {large.Median / small.Median:F2} | {large.P95 / small.P95:F2} | {large.P99 / small.P99:F2} |"));
        }
    }
}
