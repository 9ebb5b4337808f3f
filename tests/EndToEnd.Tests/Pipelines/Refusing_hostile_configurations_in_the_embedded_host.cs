using System.Text;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Pipelines;

/// <summary>Hostile configurations on the all-in-one host (SQLite).</summary>
public sealed class Refusing_hostile_configurations_in_the_embedded_host(AllInOneApp app) : HostileConfigurationScenarios, IClassFixture<AllInOneApp>
{
    protected override GitLabApiClient Root() => app.Api();

    // #13, finding 7: the blob was read whole (a 256 MB file cost +930 MB per trigger) before its 1 MiB limit was checked.
    // Here only: the host runs in this process, so what the trigger allocates can be counted.
    [Fact]
    public async Task A_config_file_of_64_MiB_is_refused_without_reading_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var huge = new StringBuilder("job:\n  script: x\n# ").Append('x', 64 * 1024 * 1024).Append('\n').ToString();
        using var project = await CiProject.ArrangeAsync(app.Api(), huge, ct);
        huge = null;
        GC.Collect();

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var response = await project.TriggerAsync("main", ct);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        // Reading the file would allocate at least twice its size (UTF-16); a bounded read allocates about the limit.
        Assert.True(allocated < 32L * 1024 * 1024, $"the trigger allocated {allocated / 1024 / 1024} MiB");
        await Refusal.IsAsync(response, 422, TooBig, ct);
    }
}
