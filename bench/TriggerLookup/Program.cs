using WvsMesh.TriggerLookup;

// MassTransit reports usage to its vendor when a bus starts unless told not to.
Environment.SetEnvironmentVariable("MASSTRANSIT_USAGE_TELEMETRY", "false");
var settings = BenchSettings.Parse(args);
using var deadline = new CancellationTokenSource(settings.TimeLimit);
List<Func<BenchStorage>> kinds = [BenchStorage.Sqlite];
if (Environment.GetEnvironmentVariable("WVS_BENCH_POSTGRES") is { Length: > 0 } postgres)
{
    kinds.Add(() => BenchStorage.Postgres(postgres));
}
var results = new List<LatencyResult>();
foreach (var kind in kinds)
{
    results.AddRange(await LookupBench.RunAsync(kind, settings, Console.Out, deadline.Token));
}
ResultTable.Write(results, settings, Console.Out);
