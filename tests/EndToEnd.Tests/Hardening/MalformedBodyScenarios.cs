using System.Net;
using System.Text;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Hardening;

/// <summary>
/// Bodies no parameter can be read from are 400 with GitLab's body on every URL, never a 500 (#13, finding 9): a lone
/// UTF-16 surrogate, a repeated key, nesting beyond 64 levels, a multipart boundary beyond RFC 2046's 70 characters.
/// Each composition runs these same cases (see the derived classes): behind the gateway a body reaches a service's own
/// parser, on PostgreSQL a lone surrogate would fail the insert.
/// </summary>
public abstract class MalformedBodyScenarios
{
    private const string MalformedBody = """{"message":"400 Bad request - the body is neither a readable form nor a JSON object"}""";

    /// <summary>The composition's root client (through the gateway).</summary>
    protected abstract GitLabApiClient Root();

    /// <summary>Skips (or, on CI, fails) when the composition cannot run here.</summary>
    protected virtual void Require()
    {
    }

    private GitLabApiClient Api => Root();

    public static TheoryData<string> Surrogates => new()
    {
        """{"token":"\ud800","ref":"main"}""",
        """{"token":"TOKEN","ref":"\ud800"}""",
        """{"token":"TOKEN","ref":"main","variables":{"V":"\udfff"}}""",
        """{"token":"TOKEN","ref":"main","variables":{"\ud800":"x"}}""",
    };

    [Theory]
    [MemberData(nameof(Surrogates))]
    public async Task Lone_surrogate_in_a_trigger_body_is_400(string body)
    {
        var ct = Arrange();
        using var slice = await TriggerSlice.ArrangeAsync(Api, ct);

        using var response = await PostJsonAsync($"/api/v4/projects/{slice.ProjectId}/trigger/pipeline", body.Replace("TOKEN", slice.Token, StringComparison.Ordinal), ct);

        await AssertMalformedAsync(response, ct);
    }

    [Fact]
    public async Task Lone_surrogate_in_a_management_body_is_400()
    {
        var ct = Arrange();
        using var slice = await TriggerSlice.ArrangeAsync(Api, ct);

        using var trigger = await PostJsonAsync($"/api/v4/projects/{slice.ProjectId}/triggers", """{"description":"\ud800"}""", ct);
        using var variable = await PostJsonAsync($"/api/v4/projects/{slice.ProjectId}/variables", """{"key":"K","value":"\ud800"}""", ct);
        using var name = await PostJsonAsync($"/api/v4/projects/{slice.ProjectId}/triggers", """{"description":"d","\ud800":"x"}""", ct);

        await AssertMalformedAsync(trigger, ct);
        await AssertMalformedAsync(variable, ct);
        await AssertMalformedAsync(name, ct);
    }

    [Fact]
    public async Task Repeated_key_is_400_on_the_trigger_api_the_webhook_form_and_management()
    {
        var ct = Arrange();
        using var slice = await TriggerSlice.ArrangeAsync(Api, ct);
        var repeated = $$"""{"token":"{{slice.Token}}","ref":"main","ref":"other"}""";

        using var trigger = await PostJsonAsync($"/api/v4/projects/{slice.ProjectId}/trigger/pipeline", repeated, ct);
        using var webhook = await PostJsonAsync($"/api/v4/projects/{slice.ProjectId}/ref/main/trigger/pipeline?token={slice.Token}", repeated, ct);
        using var project = await PostJsonAsync("/api/v4/projects", """{"name":"a","name":"b"}""", ct);
        using var triggers = await PostJsonAsync($"/api/v4/projects/{slice.ProjectId}/triggers", """{"description":"a","description":"b"}""", ct);

        await AssertMalformedAsync(trigger, ct);
        await AssertMalformedAsync(webhook, ct);
        await AssertMalformedAsync(project, ct);
        await AssertMalformedAsync(triggers, ct);
    }

    [Theory]
    [InlineData("PUT", "/api/v4/projects/{project}")]
    [InlineData("POST", "/api/v4/projects/{project}/members")]
    [InlineData("PUT", "/api/v4/projects/{project}/members/1")]
    [InlineData("POST", "/api/v4/projects/{project}/protected_branches")]
    [InlineData("POST", "/api/v4/projects/{project}/protected_tags")]
    [InlineData("POST", "/api/v4/projects/{project}/job_token_scope/allowlist")]
    [InlineData("PUT", "/api/v4/projects/{project}/variables/K")]
    [InlineData("PUT", "/api/v4/projects/{project}/triggers/{trigger}")]
    [InlineData("POST", "/api/v4/projects/{project}/hooks")]
    [InlineData("POST", "/api/v4/users")]
    [InlineData("POST", "/api/v4/users/1/personal_access_tokens")]
    [InlineData("POST", "/api/v4/user/runners")]
    [InlineData("POST", "/api/v4/projects/user/1")]
    public async Task Repeated_key_is_400_on_every_route_that_takes_a_body(string method, string template)
    {
        var ct = Arrange();
        using var slice = await TriggerSlice.ArrangeAsync(Api, ct);
        using var before = await Api.GetAsync($"/api/v4/projects/{slice.ProjectId}", ct);
        using var triggers = await Api.GetAsync($"/api/v4/projects/{slice.ProjectId}/triggers", ct);
        var triggerId = System.Text.Json.Nodes.JsonNode.Parse(await triggers.Content.ReadAsStringAsync(ct))?[0]?["id"]?.ToString() ?? "0";
        var path = template.Replace("{project}", slice.ProjectId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{trigger}", triggerId, StringComparison.Ordinal);

        // #13: these routes read such a body as no parameters, answering 200 having changed nothing (or worse, defaults).
        using var response = await Api.SendAsync(new HttpMethod(method), path,
            new StringContent("""{"default_branch":"a","default_branch":"b","name":"x","name":"y"}""", Encoding.UTF8, "application/json"), ct);

        await AssertMalformedAsync(response, ct);
        using var after = await Api.GetAsync($"/api/v4/projects/{slice.ProjectId}", ct);
        Assert.Equal(await before.Content.ReadAsStringAsync(ct), await after.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task Body_nested_ten_thousand_deep_is_400()
    {
        var ct = Arrange();
        using var slice = await TriggerSlice.ArrangeAsync(Api, ct);
        var deep = $$"""{"token":"{{slice.Token}}","ref":"main","x":{{new string('[', 10_000)}}{{new string(']', 10_000)}}}""";

        using var trigger = await PostJsonAsync($"/api/v4/projects/{slice.ProjectId}/trigger/pipeline", deep, ct);
        using var project = await PostJsonAsync("/api/v4/projects", $$"""{"name":{{new string('[', 10_000)}}{{new string(']', 10_000)}}}""", ct);

        await AssertMalformedAsync(trigger, ct);
        await AssertMalformedAsync(project, ct);
    }

    [Fact]
    public async Task Multipart_boundary_of_4096_characters_is_400()
    {
        var ct = Arrange();
        using var slice = await TriggerSlice.ArrangeAsync(Api, ct);
        var boundary = new string('b', 4096);
        var body = $"--{boundary}\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n{slice.Token}\r\n--{boundary}--\r\n";
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new("multipart/form-data");
        content.Headers.ContentType.Parameters.Add(new("boundary", boundary));

        using var response = await Api.Http.PostAsync($"/api/v4/projects/{slice.ProjectId}/trigger/pipeline", content, ct);

        await AssertMalformedAsync(response, ct);
    }

    [Theory]
    [InlineData("""{"object_kind":"push","ref":"\ud800"}""")]
    [InlineData("""{"object_kind":"push","\udfff":"x"}""")]
    [InlineData("""{"object_kind":"push","ref":"a\u0000b"}""")]
    public async Task Lone_surrogate_or_nul_in_a_webhook_payload_is_400_and_no_pipeline(string payload)
    {
        var ct = Arrange();
        using var slice = await TriggerSlice.ArrangeAsync(Api, ct);

        using var webhook = await PostJsonAsync($"/api/v4/projects/{slice.ProjectId}/ref/main/trigger/pipeline?token={slice.Token}", payload, ct);

        await AssertMalformedAsync(webhook, ct);
        using var pipelines = await Api.GetAsync($"/api/v4/projects/{slice.ProjectId}/pipelines", ct);
        Assert.Equal("[]", await pipelines.Content.ReadAsStringAsync(ct));
    }

    private CancellationToken Arrange()
    {
        Require();
        return TestContext.Current.CancellationToken;
    }

    private Task<HttpResponseMessage> PostJsonAsync(string path, string json, CancellationToken ct) =>
        Api.SendAsync(HttpMethod.Post, path, new StringContent(json, Encoding.UTF8, "application/json"), ct);

    private static async Task AssertMalformedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Equal(MalformedBody, body);
    }
}
