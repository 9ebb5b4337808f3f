using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Triggers;

/// <summary>
/// Issue #3: the token endpoints' errors, as <c>lib/api/ci/triggers.rb</c> answers them (reference §1.2, catalogue
/// #17–45): Grape validation, the 365-day limit, unknown ids, stale revokes and missing credentials.
/// </summary>
public sealed class Managing_trigger_tokens_with_a_bad_request(AllInOneApp app) : IClassFixture<AllInOneApp>
{
    private readonly GitLabApiClient _api = app.Api();

    [Fact]
    public async Task Create_without_description_is_400_description_is_missing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);

        using var response = await _api.SendFormAsync(HttpMethod.Post, Triggers(slice), ct);

        await Answer.IsAsync(response, 400, """{"error":"description is missing"}""", ct);
        Assert.Equal(1, await CountAsync(slice, ct));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("01/01/2050")]
    [InlineData("25/26/27")]
    [InlineData("2308")]
    public async Task Create_with_an_unusable_expires_at_is_400_and_creates_nothing(string expiresAt)
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);

        using var response = await _api.SendFormAsync(HttpMethod.Post, Triggers(slice), ct, ("description", "x"), ("expires_at", expiresAt));

        await Answer.IsAsync(response, 400, null, ct);
        Assert.Equal(1, await CountAsync(slice, ct));
    }

    [Fact]
    public async Task Create_expiring_more_than_365_days_ahead_is_400_must_be_before()
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);
        var twentyYears = DateTimeOffset.UtcNow.AddYears(20).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

        using var response = await _api.SendFormAsync(HttpMethod.Post, Triggers(slice), ct, ("description", "x"), ("expires_at", twentyYears));

        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("""{"message":"400 Bad request - {\"expires_at\":[\"must be before """, body);
        Assert.Equal(1, await CountAsync(slice, ct));
    }

    [Fact]
    public async Task Create_expiring_in_20_days_answers_that_instant_in_utc()
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);
        var instant = DateTimeOffset.UtcNow.AddDays(20);
        var iso = instant.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

        using var response = await _api.SendFormAsync(HttpMethod.Post, Triggers(slice), ct, ("description", "x"), ("expires_at", iso));

        var created = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
        Assert.Equal(iso, created["expires_at"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("GET", "987654321")]
    [InlineData("GET", "-5")]
    [InlineData("PUT", "987654321")]
    [InlineData("DELETE", "987654321")]
    [InlineData("DELETE", "-5")]
    [InlineData("POST", "987654321/rotate")]
    public async Task Unknown_trigger_id_is_404_not_found_with_a_lower_case_f(string method, string id)
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);

        using var response = await _api.SendFormAsync(new HttpMethod(method), $"{Triggers(slice)}/{id}", ct, ("description", "x"));

        await Answer.IsAsync(response, 404, Answer.TriggerNotFound, ct);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Trigger_id_that_is_no_integer_is_400_trigger_id_is_invalid(string method)
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);

        // Grape: requires :trigger_id, type: Integer.
        using var response = await _api.SendFormAsync(new HttpMethod(method), $"{Triggers(slice)}/abc", ct, ("description", "x"));

        await Answer.IsAsync(response, 400, """{"error":"trigger_id is invalid"}""", ct);
    }

    [Fact]
    public async Task Create_with_an_empty_description_is_201()
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);

        // Grape's requires without allow_blank: false accepts "".
        using var response = await _api.SendFormAsync(HttpMethod.Post, Triggers(slice), ct, ("description", ""));

        Assert.Equal("", (await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct))["description"]?.GetValue<string>());
    }

    [Fact]
    public async Task Create_from_a_json_body_is_201()
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);
        using var json = new StringContent("""{"description":"from json"}""", System.Text.Encoding.UTF8, "application/json");

        using var response = await _api.SendAsync(HttpMethod.Post, Triggers(slice), json, ct);

        var created = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
        Assert.Equal("from json", created["description"]?.GetValue<string>());
        Assert.Matches("^wvsptt-[0-9a-f]{40}$", Answer.Token(created));
    }

    [Fact]
    public async Task Trigger_id_of_another_project_is_404_not_found()
    {
        var ct = TestContext.Current.CancellationToken;
        using var mine = await TriggerSlice.ArrangeAsync(_api, ct);
        using var other = await TriggerSlice.ArrangeAsync(_api, ct);
        var otherId = await SliceTriggerIdAsync(other, ct);

        using var response = await _api.GetAsync($"{Triggers(mine)}/{otherId}", ct);

        await Answer.IsAsync(response, 404, Answer.TriggerNotFound, ct);
    }

    [Fact]
    public async Task Revoke_unmodified_since_before_the_last_update_is_412_and_keeps_the_token()
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);
        var id = await SliceTriggerIdAsync(slice, ct);
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"{Triggers(slice)}/{id}");
        request.Headers.Add("PRIVATE-TOKEN", AllInOneApp.RootToken);
        request.Headers.IfUnmodifiedSince = DateTimeOffset.UtcNow.AddHours(-1);

        using var response = await _api.Http.SendAsync(request, ct);
        using var triggered = await _api.TriggerPipelineAsync(slice.ProjectId.ToString(CultureInfo.InvariantCulture), slice.Token, "main", ct);

        await Answer.IsAsync(response, 412, """{"message":"412 Precondition Failed"}""", ct);
        Assert.Equal(HttpStatusCode.Created, triggered.StatusCode);
    }

    [Fact]
    public async Task Revoke_unmodified_since_after_the_last_update_is_204()
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);
        var id = await SliceTriggerIdAsync(slice, ct);
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"{Triggers(slice)}/{id}");
        request.Headers.Add("PRIVATE-TOKEN", AllInOneApp.RootToken);
        request.Headers.IfUnmodifiedSince = DateTimeOffset.UtcNow.AddHours(1);

        using var response = await _api.Http.SendAsync(request, ct);

        await Answer.IsAsync(response, 204, "", ct);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "/1")]
    [InlineData("POST", "")]
    [InlineData("PUT", "/1")]
    [InlineData("DELETE", "/1")]
    public async Task Without_a_personal_access_token_is_401(string method, string suffix)
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);
        using var request = new HttpRequestMessage(new HttpMethod(method), Triggers(slice) + suffix)
        {
            Content = new FormUrlEncodedContent([new("description", "x")]),
        };

        using var response = await _api.Http.SendAsync(request, ct);

        await Answer.IsAsync(response, 401, Answer.Unauthorized, ct);
    }

    [Theory]
    [InlineData("PRIVATE-TOKEN", "not-a-token")]
    [InlineData("Authorization", "Bearer not-a-token")]
    public async Task Unknown_personal_access_token_is_401(string header, string value)
    {
        var ct = TestContext.Current.CancellationToken;
        using var slice = await TriggerSlice.ArrangeAsync(_api, ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, Triggers(slice));
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await _api.Http.SendAsync(request, ct);

        await Answer.IsAsync(response, 401, Answer.Unauthorized, ct);
    }

    [Fact]
    public async Task Unknown_project_is_404_project_not_found()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await _api.GetAsync("/api/v4/projects/987654321/triggers", ct);

        await Answer.IsAsync(response, 404, Answer.ProjectNotFound, ct);
    }

    private static string Triggers(TriggerSlice slice) => $"/api/v4/projects/{slice.ProjectId}/triggers";

    private async Task<long> CountAsync(TriggerSlice slice, CancellationToken ct)
    {
        using var list = await _api.GetAsync(Triggers(slice), ct);
        return (await Answer.ArrayAsync(list, ct)).Count;
    }

    private async Task<long> SliceTriggerIdAsync(TriggerSlice slice, CancellationToken ct)
    {
        using var list = await _api.GetAsync(Triggers(slice), ct);
        return Answer.Id(Assert.Single(await Answer.ArrayAsync(list, ct))?.AsObject() ?? throw new InvalidOperationException("null trigger"));
    }
}
