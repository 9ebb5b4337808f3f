using WvsMesh.TriggerThroughput;

if (args is ["serve", var baseline])
{
    // A baseline, started by the benchmark as a process of its own (BaselineServer).
    await BaselineServer.RunAsync(baseline);
    return 0;
}
if (BenchOptions.Parse(args, out var error) is not { } options)
{
    (error is null ? Console.Out : Console.Error).WriteLine(error is null ? BenchOptions.Help : $"{error}\n\n{BenchOptions.Help}");
    return error is null ? 0 : 2;
}
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // stop measuring, then stop every process and server this run started
    stop.Cancel();
};
return await TriggerBench.RunAsync(options, Console.Out, stop.Token);
