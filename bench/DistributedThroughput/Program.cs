using WvsMesh.BenchKit;
using WvsMesh.DistributedThroughput;

if (BenchSettings.Parse(args, out var error) is not { } settings)
{
    (error is null ? Console.Out : Console.Error).WriteLine(error is null ? BenchSettings.Help : $"{error}\n\n{BenchSettings.Help}");
    return error is null ? 0 : 2;
}
var loadAtStart = MachineCpu.LoadAverage1Minute();
using var deadline = new CancellationTokenSource(settings.TimeLimit);
var results = new List<ConfigurationResult>();
var exitCode = 0;
try
{
    if (await ThroughputBench.RunAsync(settings, results, Console.Out, deadline.Token) < settings.Rounds)
    {
        Console.Error.WriteLine("fewer rounds than asked for fit in --minutes: the table holds the rounds that ran");
    }
}
catch (OperationCanceledException) when (deadline.IsCancellationRequested)
{
    Console.Error.WriteLine($"stopped after the time limit ({settings.TimeLimit.TotalMinutes} min): the table holds the finished configurations only");
    exitCode = 1;
}
ResultTable.Write(results, settings, new MachineState(MachineCpu.Nproc(), loadAtStart, MachineCpu.LoadAverage1Minute()), Console.Out);
return exitCode;
