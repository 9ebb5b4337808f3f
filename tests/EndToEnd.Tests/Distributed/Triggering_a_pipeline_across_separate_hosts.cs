using System.Net;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Distributed;

/// <summary>The issue-2 slice through the YARP gateway to separate Tokens and Pipelines processes over RabbitMQ and PostgreSQL.</summary>
[Collection(DistributedComposition.Name)]
public sealed class Triggering_a_pipeline_across_separate_hosts(DistributedHosts hosts)
{
    [Fact]
    public async Task Trigger_through_the_gateway_answers_201_and_the_pipeline_is_readable()
    {
        hosts.Require();
        var ct = TestContext.Current.CancellationToken;
        var api = hosts.Api();
        using var slice = await TriggerSlice.ArrangeAsync(api, ct);

        using var response = await api.TriggerPipelineAsync(slice.ProjectId.ToString(), slice.Token, "main", ct);
        var pipeline = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
        using var read = await api.GetAsync($"/api/v4/projects/{Uri.EscapeDataString(slice.ProjectPath)}/pipelines/{pipeline["id"]}", ct);

        Assert.Equal(slice.Repository.Head("main"), pipeline["sha"]?.GetValue<string>());
        Assert.Equal("trigger", pipeline["source"]?.GetValue<string>());
        // A runner polls this composition (#6): status and times may have moved on since the answer; the rest may not.
        Assert.Equal(Stable(pipeline), Stable(await GitLabApiClient.ExpectAsync(read, HttpStatusCode.OK, ct)));
    }

    [Theory]
    [InlineData(false, true, "wvsptt-none", 400, """{"error":"token is missing"}""")]
    [InlineData(true, false, "wvsptt-none", 400, """{"error":"ref is missing"}""")]
    [InlineData(true, true, "wvsptt-0000000000000000000000000000000000000000", 404, """{"message":"404 Not Found"}""")]
    [InlineData(true, true, DistributedHosts.RootToken, 404, """{"message":"404 Not Found"}""")]
    public async Task Bad_trigger_requests_get_gitlab_errors_through_the_gateway(bool withToken, bool withRef, string token, int status, string body)
    {
        hosts.Require();
        var ct = TestContext.Current.CancellationToken;
        var api = hosts.Api();
        using var slice = await TriggerSlice.ArrangeAsync(api, ct);

        using var response = await api.TriggerPipelineAsync(slice.ProjectId.ToString(), withToken ? token : null, withRef ? "main" : null, ct);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task Forged_identity_header_from_outside_is_ignored()
    {
        hosts.Require();
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v4/user");
        request.Headers.Add("X-Wvs-Identity", "eyJ9.forged");

        using var response = await hosts.Api().Http.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static string Stable(System.Text.Json.Nodes.JsonObject pipeline)
    {
        var copy = pipeline.DeepClone().AsObject();
        foreach (var moving in new[] { "status", "updated_at", "started_at", "finished_at", "duration", "queued_duration" })
        {
            copy.Remove(moving);
        }
        return copy.ToJsonString();
    }
}
