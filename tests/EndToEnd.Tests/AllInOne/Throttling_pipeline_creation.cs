using System.Net;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.AllInOne;

/// <summary>The optional per-project, per-user, per-commit creation limit answers 429 rather than dropping triggers.</summary>
public sealed class Throttling_pipeline_creation
{
    [Fact]
    public async Task Trigger_over_the_per_commit_limit_is_429_with_retry_after()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new AllInOneApp { Settings = new Dictionary<string, string> { ["Pipelines:CreationsPerMinutePerCommit"] = "2" } };
        var api = app.Api();
        using var slice = await TriggerSlice.ArrangeAsync(api, ct);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last?.Dispose();
            last = await api.TriggerPipelineAsync(slice.ProjectId.ToString(), slice.Token, "main", ct);
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(int.Parse(last!.Headers.RetryAfter?.ToString() ?? "0", System.Globalization.CultureInfo.InvariantCulture) > 0); // the loop ran
        Assert.Equal("""{"message":{"base":["Too many pipelines created in the last minute. Try again later."]}}""", await last.Content.ReadAsStringAsync(ct));
        last.Dispose();
    }
}
