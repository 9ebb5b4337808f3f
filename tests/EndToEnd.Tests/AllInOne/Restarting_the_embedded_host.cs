using System.Net;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.AllInOne;

/// <summary>The embedded mode keeps its state in SQLite files and the generated key under WVS_DATA_DIR.</summary>
public sealed class Restarting_the_embedded_host
{
    [Fact]
    public async Task Project_trigger_token_and_pipeline_survive_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataDirectory = Path.Combine(Path.GetTempPath(), "wvs-restart-" + Guid.NewGuid().ToString("N"));
        TriggerSlice slice;
        long pipelineId;
        await using (var first = new AllInOneApp { DataDirectory = dataDirectory })
        {
            var api = first.Api();
            slice = await TriggerSlice.ArrangeAsync(api, ct);
            using var response = await api.TriggerPipelineAsync(slice.ProjectId.ToString(), slice.Token, "main", ct);
            pipelineId = (await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct))["id"]?.GetValue<long>() ?? 0;
        }

        await using var second = new AllInOneApp { DataDirectory = dataDirectory };
        var again = second.Api();
        using var pipeline = await again.GetAsync($"/api/v4/projects/{slice.ProjectId}/pipelines/{pipelineId}", ct);
        using var triggers = await again.GetAsync($"/api/v4/projects/{slice.ProjectId}/triggers", ct);
        using var retrigger = await again.TriggerPipelineAsync(slice.ProjectId.ToString(), slice.Token, "main", ct);

        Assert.Equal(HttpStatusCode.OK, pipeline.StatusCode);
        Assert.Contains(slice.Token, await triggers.Content.ReadAsStringAsync(ct));
        Assert.Equal(HttpStatusCode.Created, retrigger.StatusCode);
        slice.Dispose();
    }
}
