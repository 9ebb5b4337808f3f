using System.Net;
using System.Text.Json.Nodes;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Pipelines;

/// <summary>
/// <c>GET /projects/:id/pipelines</c> with GitLab's filters, newest first. Four triggered pipelines: #1 on <c>main</c> at the
/// first commit, #2 on <c>feature/x</c> at the same commit, #3 on <c>main</c> after a second commit, #4 on <c>broken</c>
/// whose configuration is invalid (failed).
/// </summary>
public sealed class Listing_pipelines_with_filters(AllInOneApp app) : IClassFixture<AllInOneApp>
{
    private const string FirstSha = "first";
    private const string SecondSha = "second";

    private readonly GitLabApiClient _root = app.Api();

    [Theory]
    [InlineData("", new[] { 4, 3, 2, 1 })]
    [InlineData("ref=main", new[] { 3, 1 })]
    [InlineData("ref=feature%2Fx", new[] { 2 })]
    [InlineData("ref=nope", new int[0])]
    [InlineData("sha=" + FirstSha, new[] { 2, 1 })]
    [InlineData("ref=main&sha=" + SecondSha, new[] { 3 })]
    [InlineData("status=failed", new[] { 4 })]
    [InlineData("status=pending", new[] { 3, 2, 1 })]
    [InlineData("source=trigger", new[] { 4, 3, 2, 1 })]
    [InlineData("source=push", new int[0])]
    [InlineData("yaml_errors=true", new[] { 4 })]
    public async Task Filters_select_pipelines_newest_first(string query, int[] expected)
    {
        var ct = TestContext.Current.CancellationToken;
        using var ci = await CiProject.ArrangeAsync(_root, "job:\n  script: x\n", ct);
        var first = ci.Repository.Head("main");
        var ids = new List<long> { 0 };
        ids.Add(CiProject.IdOf(await ci.TriggerCreatedAsync("main", ct)));
        ids.Add(CiProject.IdOf(await ci.TriggerCreatedAsync("feature/x", ct)));
        var second = ci.Repository.Commit("README.md", "second\n", "second");
        ids.Add(CiProject.IdOf(await ci.TriggerCreatedAsync("main", ct)));
        ci.Repository.Git("checkout", "-q", "-b", "broken");
        ci.Repository.Commit(".wvs/root-ci.yml", "job: [unclosed\n", "broken");
        ci.Repository.Git("checkout", "-q", "main");
        using (var broken = await ci.TriggerAsync("broken", ct))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, broken.StatusCode);
        }
        ids.Add(CiProject.IdOf((JsonObject)(await CiProject.ArrayAsync(_root, $"{ci.Path}/pipelines?ref=broken", ct))[0]!));

        var listed = await CiProject.ArrayAsync(_root, $"{ci.Path}/pipelines?{query.Replace(FirstSha, first).Replace(SecondSha, second)}", ct);

        Assert.Equal(expected.Select(number => ids[number]), listed.Select(pipeline => CiProject.IdOf(pipeline!.AsObject())));
    }

    [Fact]
    public async Task A_page_of_pipelines_carries_gitlabs_pagination_headers()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ci = await CiProject.ArrangeAsync(_root, "job:\n  script: x\n", ct);
        for (var i = 0; i < 3; i++)
        {
            await ci.TriggerCreatedAsync("main", ct);
        }

        using var response = await _root.GetAsync($"{ci.Path}/pipelines?per_page=2&page=2", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("3", "2", "2", "2"), (Header(response, "X-Total"), Header(response, "X-Total-Pages"), Header(response, "X-Page"), Header(response, "X-Per-Page")));
        Assert.Single(JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!.AsArray()); // a list answer
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
