using System.Globalization;
using System.Net;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Triggers;

/// <summary>
/// Issue #3: a project's tokens over time — updated descriptions, expiry (GitLab's <c>not_expired</c> scope), the
/// per-project limit (<c>Limitable</c>) and the paginated list (reference §1.2, §2, catalogue #15, #24, #34, #69).
/// </summary>
public sealed class Keeping_a_projects_trigger_tokens(AllInOneApp app) : IClassFixture<AllInOneApp>
{
    private readonly GitLabApiClient _root = app.Api();

    [Fact]
    public async Task Owner_updates_the_description()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var owner = await project.NewMemberAsync(40, ct);
        var trigger = await project.CreateTriggerAsync(owner.Client, "old description", ct);
        var path = $"{project.Triggers}/{Answer.Id(trigger)}";

        using var updated = await owner.Client.SendFormAsync(HttpMethod.Put, path, ct, ("description", "new description"));
        using var read = await owner.Client.GetAsync(path, ct);

        var answer = await GitLabApiClient.ExpectAsync(updated, HttpStatusCode.OK, ct);
        Assert.Equal("new description", answer["description"]?.GetValue<string>());
        Assert.Equal(Answer.Token(trigger), Answer.Token(answer));
        Assert.Equal("new description", (await GitLabApiClient.ExpectAsync(read, HttpStatusCode.OK, ct))["description"]?.GetValue<string>());
    }

    [Fact]
    public async Task Update_without_description_sets_it_to_null()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var owner = await project.NewMemberAsync(40, ct);
        var trigger = await project.CreateTriggerAsync(owner.Client, "described", ct);
        var path = $"{project.Triggers}/{Answer.Id(trigger)}";

        using var updated = await owner.Client.SendFormAsync(HttpMethod.Put, path, ct);
        using var read = await owner.Client.GetAsync(path, ct);

        var answer = await GitLabApiClient.ExpectAsync(updated, HttpStatusCode.OK, ct);
        Assert.True(answer.ContainsKey("description"));
        Assert.Null(answer["description"]);
        Assert.Null((await GitLabApiClient.ExpectAsync(read, HttpStatusCode.OK, ct))["description"]);
    }

    [Fact]
    public async Task Token_created_already_expired_vanishes_from_list_and_get_and_cannot_trigger()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var owner = await project.NewMemberAsync(40, ct);
        var live = await project.CreateTriggerAsync(owner.Client, "live", ct);
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        // GitLab validates the 365-day limit only; a past expires_at is accepted and yields an expired token.
        var expired = await project.CreateTriggerAsync(owner.Client, "expired", ct, ("expires_at", yesterday));

        using var list = await owner.Client.GetAsync(project.Triggers, ct);
        using var get = await owner.Client.GetAsync($"{project.Triggers}/{Answer.Id(expired)}", ct);
        using var triggered = await project.TriggerAsync(Answer.Token(expired), "main", ct);

        var listed = Assert.Single(await Answer.ArrayAsync(list, ct));
        Assert.Equal(Answer.Id(live), listed?["id"]?.GetValue<long>());
        Assert.Equal("1", list.Headers.GetValues("X-Total").Single());
        await Answer.IsAsync(get, 404, Answer.TriggerNotFound, ct);
        await Answer.IsAsync(triggered, 404, Answer.NotFound, ct);
    }

    [Fact]
    public async Task Create_beyond_the_projects_limit_is_400_maximum_exceeded()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var limited = new AllInOneApp { Settings = new Dictionary<string, string> { ["Tokens:MaxTriggersPerProject"] = "2" } };
        using var project = await OwnedProject.ArrangeAsync(limited.Api(), ct);
        await project.CreateTriggerAsync(project.Creator.Client, "first", ct);
        await project.CreateTriggerAsync(project.Creator.Client, "second", ct);

        using var third = await project.Creator.Client.SendFormAsync(HttpMethod.Post, project.Triggers, ct, ("description", "third"));
        using var list = await project.Creator.Client.GetAsync(project.Triggers, ct);

        var body = await third.Content.ReadAsStringAsync(ct);
        Assert.Equal(HttpStatusCode.BadRequest, third.StatusCode);
        Assert.Contains("Maximum number of pipeline triggers (2) exceeded", body, StringComparison.Ordinal);
        Assert.Equal("""{"message":"400 Bad request - {\"base\":[\"Maximum number of pipeline triggers (2) exceeded\"]}"}""", body);
        Assert.Equal(2, (await Answer.ArrayAsync(list, ct)).Count);
    }

    [Fact]
    public async Task Revoked_tokens_leave_room_under_the_projects_limit()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var limited = new AllInOneApp { Settings = new Dictionary<string, string> { ["Tokens:MaxTriggersPerProject"] = "2" } };
        using var project = await OwnedProject.ArrangeAsync(limited.Api(), ct);
        var first = await project.CreateTriggerAsync(project.Creator.Client, "first", ct);
        await project.CreateTriggerAsync(project.Creator.Client, "second", ct);
        using var revoked = await project.Creator.Client.SendAsync(HttpMethod.Delete, $"{project.Triggers}/{Answer.Id(first)}", null, ct);

        using var third = await project.Creator.Client.SendFormAsync(HttpMethod.Post, project.Triggers, ct, ("description", "third"));

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await Answer.IsAsync(third, 201, null, ct);
    }

    [Fact]
    public async Task Token_stops_at_its_expiry_and_leaves_the_list()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var soon = DateTimeOffset.UtcNow.AddSeconds(3).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var trigger = await project.CreateTriggerAsync(project.Creator.Client, "short-lived", ct, ("expires_at", soon));
        using var before = await project.TriggerAsync(Answer.Token(trigger), "main", ct);

        await Task.Delay(TimeSpan.FromSeconds(4), ct);
        using var after = await project.TriggerAsync(Answer.Token(trigger), "main", ct);
        using var list = await project.Creator.Client.GetAsync(project.Triggers, ct);
        using var rotate = await project.Creator.Client.SendAsync(HttpMethod.Post, $"{project.Triggers}/{Answer.Id(trigger)}/rotate", null, ct);

        await Answer.IsAsync(before, 201, null, ct);
        await Answer.IsAsync(after, 404, Answer.NotFound, ct);
        Assert.Empty(await Answer.ArrayAsync(list, ct));
        await Answer.IsAsync(rotate, 404, Answer.TriggerNotFound, ct);
    }

    [Theory]
    [InlineData(364, 201)]
    [InlineData(365, 400)]
    public async Task Expiry_date_must_be_before_365_days_from_today(int days, int status)
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var today = DateTimeOffset.UtcNow.UtcDateTime.Date;
        var date = today.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        using var response = await project.Creator.Client.SendFormAsync(HttpMethod.Post, project.Triggers, ct, ("description", "x"), ("expires_at", date));

        var limit = today.AddDays(365).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Answer.IsAsync(response, status, status == 201 ? null : $$$"""{"message":"400 Bad request - {\"expires_at\":[\"must be before {{{limit}}}\"]}"}""", ct);
    }

    [Fact]
    public async Task Expiry_with_an_offset_is_answered_in_utc()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var local = new DateTimeOffset(DateTime.SpecifyKind(DateTime.UtcNow.Date.AddDays(30).AddHours(10), DateTimeKind.Unspecified), TimeSpan.FromHours(2));

        var created = await project.CreateTriggerAsync(project.Creator.Client, "x", ct, ("expires_at", local.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture)));

        Assert.Equal(local.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.000Z", CultureInfo.InvariantCulture), created["expires_at"]?.GetValue<string>());
    }

    [Fact]
    public async Task List_is_paginated_with_gitlabs_headers()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var ids = new List<long>();
        foreach (var description in new[] { "one", "two", "three" })
        {
            ids.Add(Answer.Id(await project.CreateTriggerAsync(project.Creator.Client, description, ct)));
        }

        using var first = await project.Creator.Client.GetAsync($"{project.Triggers}?per_page=1", ct);
        using var second = await project.Creator.Client.GetAsync($"{project.Triggers}?per_page=1&page=2", ct);
        using var last = await project.Creator.Client.GetAsync($"{project.Triggers}?per_page=1&page=3", ct);

        var seen = new List<long>();
        foreach (var (response, page, next, prev) in new[] { (first, "1", "2", ""), (second, "2", "3", "1"), (last, "3", "", "2") })
        {
            seen.Add(Answer.Id(Assert.Single(await Answer.ArrayAsync(response, ct))?.AsObject() ?? throw new InvalidOperationException("null")));
            Assert.Equal("3", Header(response, "X-Total"));
            Assert.Equal("3", Header(response, "X-Total-Pages"));
            Assert.Equal(page, Header(response, "X-Page"));
            Assert.Equal("1", Header(response, "X-Per-Page"));
            Assert.Equal(next, Header(response, "X-Next-Page"));
            Assert.Equal(prev, Header(response, "X-Prev-Page"));
        }
        Assert.Equal(ids.Order(), seen.Order());
        var link = Header(second, "Link") ?? "";
        Assert.Contains($"/api/v4/projects/{project.Id}/triggers?page=1&per_page=1>; rel=\"prev\"", link, StringComparison.Ordinal);
        Assert.Contains($"/api/v4/projects/{project.Id}/triggers?page=3&per_page=1>; rel=\"next\"", link, StringComparison.Ordinal);
        Assert.Contains($"/api/v4/projects/{project.Id}/triggers?page=1&per_page=1>; rel=\"first\"", link, StringComparison.Ordinal);
        Assert.Contains($"/api/v4/projects/{project.Id}/triggers?page=3&per_page=1>; rel=\"last\"", link, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"prev\"", Header(first, "Link") ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"next\"", Header(last, "Link") ?? "", StringComparison.Ordinal);
    }

    /// <summary>A response header's value; GitLab sends <c>X-Next-Page</c> and <c>X-Prev-Page</c> empty when there is none.</summary>
    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
