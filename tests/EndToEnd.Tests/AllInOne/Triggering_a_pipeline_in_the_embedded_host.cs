using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.AllInOne;

/// <summary>The issue-2 slice (Gateway → Tokens → PipelineRequested → Pipelines) in the all-in-one composition.</summary>
public sealed class Triggering_a_pipeline_in_the_embedded_host(AllInOneApp app) : IClassFixture<AllInOneApp>
{
    private readonly GitLabApiClient _api = app.Api();

    [Fact]
    public async Task Form_trigger_answers_201_with_the_pipeline_of_main()
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);

        using var response = await _api.TriggerPipelineAsync(slice.ProjectId.ToString(), slice.Token, "main", ct);

        var pipeline = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
        Assert.True(pipeline["id"]?.GetValue<long>() > 0);
        Assert.Equal(slice.ProjectId, pipeline["project_id"]?.GetValue<long>());
        Assert.Equal(slice.Repository.Head("main"), pipeline["sha"]?.GetValue<string>());
        Assert.Equal("main", pipeline["ref"]?.GetValue<string>());
        Assert.Equal("pending", pipeline["status"]?.GetValue<string>());
        Assert.Equal("trigger", pipeline["source"]?.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", pipeline["created_at"]?.GetValue<string>());
        Assert.EndsWith($"/{slice.ProjectPath}/-/pipelines/{pipeline["id"]}", pipeline["web_url"]?.GetValue<string>());
        Assert.Equal("root", pipeline["user"]?["username"]?.GetValue<string>());
    }

    [Fact]
    public async Task Triggers_of_an_unchanged_source_start_no_git_process()
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);
        using var first = await _api.TriggerPipelineAsync(slice.ProjectId.ToString(), slice.Token, "main", ct);
        await GitLabApiClient.ExpectAsync(first, HttpStatusCode.Created, ct); // the mirror is cloned, the configuration read
        var git = app.Services.GetRequiredService<WvsMesh.Pipelines.Repositories.Git>();
        var started = git.ProcessesStarted;

        // #14: every trigger ran `git for-each-ref`, a third of its time on the server.
        for (var i = 0; i < 10; i++)
        {
            using var again = await _api.TriggerPipelineAsync(slice.ProjectId.ToString(), slice.Token, "main", ct);
            await GitLabApiClient.ExpectAsync(again, HttpStatusCode.Created, ct);
        }

        Assert.Equal(started, git.ProcessesStarted);
    }

    [Fact]
    public async Task Triggered_pipeline_is_returned_by_the_pipelines_api_to_root()
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);
        using var triggered = await _api.TriggerPipelineAsync(slice.ProjectId.ToString(), slice.Token, "main", ct);
        var created = await GitLabApiClient.ExpectAsync(triggered, HttpStatusCode.Created, ct);

        using var read = await _api.GetAsync($"/api/v4/projects/{slice.ProjectId}/pipelines/{created["id"]}", ct);

        var pipeline = await GitLabApiClient.ExpectAsync(read, HttpStatusCode.OK, ct);
        Assert.Equal(created.ToJsonString(), pipeline.ToJsonString());
    }

    [Fact]
    public async Task Pipeline_is_not_readable_without_a_personal_access_token()
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);
        using var triggered = await _api.TriggerPipelineAsync(slice.ProjectId.ToString(), slice.Token, "main", ct);
        var created = await GitLabApiClient.ExpectAsync(triggered, HttpStatusCode.Created, ct);

        using var read = await _api.Http.GetAsync($"/api/v4/projects/{slice.ProjectId}/pipelines/{created["id"]}", ct);

        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        Assert.Equal("""{"message":"401 Unauthorized"}""", await read.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task Query_string_url_encoded_path_and_json_body_trigger_alike()
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);
        var encodedPath = Uri.EscapeDataString(slice.ProjectPath);

        using var byQuery = await _api.Http.PostAsync(
            $"/api/v4/projects/{encodedPath}/trigger/pipeline?token={slice.Token}&ref=main&variables[DEPLOY]=yes", null, ct);
        using var byJson = await _api.Http.PostAsJsonAsync(
            $"/api/v4/projects/{slice.ProjectId}/trigger/pipeline",
            new { token = slice.Token, @ref = "main", variables = new Dictionary<string, string> { ["DEPLOY"] = "yes" } }, ct);

        Assert.Equal(HttpStatusCode.Created, byQuery.StatusCode);
        Assert.Equal(HttpStatusCode.Created, byJson.StatusCode);
    }

    [Theory]
    [InlineData(true, false, 400, """{"error":"ref is missing"}""")]
    [InlineData(false, true, 400, """{"error":"token is missing"}""")]
    [InlineData(false, false, 400, """{"error":"token is missing, ref is missing"}""")]
    public async Task Missing_parameters_get_grape_errors(bool withToken, bool withRef, int status, string body)
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);

        using var response = await _api.TriggerPipelineAsync(slice.ProjectId.ToString(), withToken ? slice.Token : null, withRef ? "main" : null, ct);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task Unknown_token_is_404()
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);

        using var response = await _api.TriggerPipelineAsync(slice.ProjectId.ToString(), "wvsptt-0000000000000000000000000000000000000000", "main", ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"message":"404 Not Found"}""", await response.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task Personal_access_token_used_as_trigger_token_is_404()
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);

        using var response = await _api.TriggerPipelineAsync(slice.ProjectId.ToString(), AllInOneApp.RootToken, "main", ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"message":"404 Not Found"}""", await response.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task Trigger_token_of_another_project_is_404()
    {
        var ct = TestContext.Current.CancellationToken;
        using var first = await TriggerSlice.ArrangeAsync(_api, ct);
        using var second = await TriggerSlice.ArrangeAsync(_api, ct);

        using var response = await _api.TriggerPipelineAsync(second.ProjectId.ToString(), first.Token, "main", ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_project_is_404()
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);

        using var response = await _api.TriggerPipelineAsync("987654321", slice.Token, "main", ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"message":"404 Not Found"}""", await response.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task Unknown_ref_is_400_reference_not_found_and_creates_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);

        using var response = await _api.TriggerPipelineAsync(slice.ProjectId.ToString(), slice.Token, "no-such-branch", ct);
        using var next = await _api.TriggerPipelineAsync(slice.ProjectId.ToString(), slice.Token, "main", ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"message":{"base":["Reference not found"]}}""", await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(1, (await GitLabApiClient.ExpectAsync(next, HttpStatusCode.Created, ct))["iid"]?.GetValue<long>());
    }

    [Fact]
    public async Task A_commit_pushed_to_the_source_is_what_the_next_trigger_builds()
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);
        using var first = await _api.TriggerPipelineAsync(slice.ProjectId.ToString(), slice.Token, "main", ct);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var pushed = slice.Repository.Commit("README.md", "new", "second");
        using var second = await _api.TriggerPipelineAsync(slice.ProjectId.ToString(), slice.Token, "main", ct);

        Assert.Equal(pushed, (await GitLabApiClient.ExpectAsync(second, HttpStatusCode.Created, ct))["sha"]?.GetValue<string>());
    }

    [Fact]
    public async Task Branch_with_slashes_and_tags_resolve()
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);
        slice.Repository.Git("checkout", "-q", "-b", "feature/x");
        var feature = slice.Repository.Commit("f.txt", "f", "feature");
        slice.Repository.Git("tag", "-a", "v1.0", "-m", "release");

        using var byBranch = await _api.TriggerPipelineAsync(slice.ProjectId.ToString(), slice.Token, "feature/x", ct);
        using var byTag = await _api.TriggerPipelineAsync(slice.ProjectId.ToString(), slice.Token, "refs/tags/v1.0", ct);

        var branchPipeline = await GitLabApiClient.ExpectAsync(byBranch, HttpStatusCode.Created, ct);
        var tagPipeline = await GitLabApiClient.ExpectAsync(byTag, HttpStatusCode.Created, ct);
        Assert.Equal(feature, branchPipeline["sha"]?.GetValue<string>());
        Assert.Equal("v1.0", tagPipeline["ref"]?.GetValue<string>());
        Assert.Equal(feature, tagPipeline["sha"]?.GetValue<string>());
        Assert.True(tagPipeline["tag"]?.GetValue<bool>());
    }

    [Fact]
    public async Task Commit_without_ci_config_is_400_missing_ci_config_file()
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);
        slice.Repository.Git("checkout", "-q", "--orphan", "bare");
        slice.Repository.Git("rm", "-q", "-r", "--cached", ".");
        slice.Repository.Commit("only.txt", "x", "no config");

        using var response = await _api.TriggerPipelineAsync(slice.ProjectId.ToString(), slice.Token, "bare", ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"message":{"base":["Missing CI config file"]}}""", await response.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task Unreadable_body_is_400_not_500()
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);
        using var broken = new StringContent("--x\r\ngarbage", System.Text.Encoding.UTF8, "multipart/form-data");
        broken.Headers.ContentType?.Parameters.Add(new("boundary", "x"));
        using var json = new StringContent("[1,2]", System.Text.Encoding.UTF8, "application/json");

        using var byForm = await _api.Http.PostAsync($"/api/v4/projects/{slice.ProjectId}/trigger/pipeline", broken, ct);
        using var byJson = await _api.Http.PostAsync($"/api/v4/projects/{slice.ProjectId}/trigger/pipeline", json, ct);

        Assert.Equal(HttpStatusCode.BadRequest, byForm.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, byJson.StatusCode);
        Assert.Contains("400 Bad request", await byJson.Content.ReadAsStringAsync(ct));
    }
}
