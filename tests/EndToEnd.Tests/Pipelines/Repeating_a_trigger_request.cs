using System.Net;
using System.Text.Json.Nodes;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Pipelines;

/// <summary>
/// #14: a first request is created without first looking for an earlier one; a repeat (same <c>Idempotency-Key</c>) still
/// answers the pipeline the first created — even when the repeat on its own would now be refused or fail.
/// </summary>
public sealed class Repeating_a_trigger_request(AllInOneApp app) : IClassFixture<AllInOneApp>
{
    private readonly GitLabApiClient _root = app.Api();

    [Fact]
    public async Task A_repeat_after_its_branch_was_deleted_answers_the_first_pipeline()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ci = await CiProject.ArrangeAsync(_root, "job: {script: x}\n", ct);
        ci.Repository.Git("branch", "doomed");
        var key = Guid.NewGuid().ToString();

        var first = await TriggerAsync(ci, "doomed", key, HttpStatusCode.Created, ct);
        ci.Repository.Git("branch", "-D", "doomed");
        var repeat = await TriggerAsync(ci, "doomed", key, HttpStatusCode.Created, ct);
        var fresh = await TriggerAsync(ci, "doomed", Guid.NewGuid().ToString(), HttpStatusCode.BadRequest, ct);

        Assert.Equal(CiProject.IdOf(first), CiProject.IdOf(repeat));
        Assert.Equal(first["iid"]?.GetValue<long>(), repeat["iid"]?.GetValue<long>());
        Assert.Equal(Refusal.ReferenceNotFound, fresh["message"]?["base"]?[0]?.GetValue<string>());
        Assert.Single(await CiProject.ArrayAsync(_root, $"{ci.Path}/pipelines", ct));
    }

    [Fact]
    public async Task A_repeat_after_the_configuration_broke_answers_the_first_pipeline_and_a_failed_one_stays_failed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ci = await CiProject.ArrangeAsync(_root, "job: {script: x}\n", ct);
        var created = Guid.NewGuid().ToString();
        var first = await TriggerAsync(ci, "main", created, HttpStatusCode.Created, ct);

        ci.Configure("job: {script: x, when: sometimes}\n");
        var repeat = await TriggerAsync(ci, "main", created, HttpStatusCode.Created, ct);
        var failed = Guid.NewGuid().ToString();
        var failure = await TriggerAsync(ci, "main", failed, HttpStatusCode.UnprocessableEntity, ct);
        ci.Configure("job: {script: x}\n");
        var failedAgain = await TriggerAsync(ci, "main", failed, HttpStatusCode.UnprocessableEntity, ct);

        Assert.Equal(CiProject.IdOf(first), CiProject.IdOf(repeat));
        Assert.Equal(failure.ToJsonString(), failedAgain.ToJsonString());
        var pipelines = await CiProject.ArrayAsync(_root, $"{ci.Path}/pipelines", ct);
        Assert.Equal(["failed", first["status"]?.GetValue<string>()], pipelines.Select(p => p?["status"]?.GetValue<string>()));
    }

    private static async Task<JsonObject> TriggerAsync(CiProject ci, string reference, string key, HttpStatusCode expected, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{ci.Path}/trigger/pipeline")
        {
            Content = new FormUrlEncodedContent([new("token", ci.Token), new("ref", reference)]),
        };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await ci.Root.Http.SendAsync(request, ct);
        return await GitLabApiClient.ExpectAsync(response, expected, ct);
    }
}
