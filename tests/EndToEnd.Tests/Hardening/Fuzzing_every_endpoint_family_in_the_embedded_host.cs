using System.Diagnostics;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;

namespace WvsMesh.EndToEnd.Tests.Hardening;

/// <summary>The fuzz test on the all-in-one host, on a real Kestrel listener in this process: its memory is this process's.</summary>
public sealed class Fuzzing_every_endpoint_family_in_the_embedded_host : FuzzingScenarios, IAsyncDisposable
{
    private const long MemoryGrowthLimit = 768L * 1024 * 1024;

    private readonly AllInOneApp _app = AllInOneApp.OnKestrel();
    private long _memoryBefore;

    protected override GitLabApiClient Root() => _app.Api();

    protected override Uri Address() => _app.CreateClient().BaseAddress ?? throw new InvalidOperationException("no listener");

    protected override string RootToken => AllInOneApp.RootToken;

    protected override (int Requests, TimeSpan Budget) Bounds => (3000, TimeSpan.FromSeconds(90));

    protected override void NoteMemory() => _memoryBefore = SettledMemory();

    protected override string? MemoryBeyondBound() =>
        SettledMemory() - _memoryBefore is var growth and >= MemoryGrowthLimit ? $"memory grew by {growth / (1024 * 1024)} MiB" : null;

    private static long SettledMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
