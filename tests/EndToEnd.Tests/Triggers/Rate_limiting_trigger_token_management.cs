using System.Net;
using WvsMesh.EndToEnd.Tests.AllInOne;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Triggers;

/// <summary>
/// Issue #3, beyond the reference: trigger-token management is limited per user per minute
/// (<c>Tokens:ManagementRequestsPerMinute</c>), answered as GitLab's application rate limiter answers: 429 with
/// <c>Retry-After</c>. The trigger endpoint itself is not a management request.
/// </summary>
public sealed class Rate_limiting_trigger_token_management
{
    private const string TooMany = """{"message":{"error":"This endpoint has been requested too many times. Try again later."}}""";

    [Fact]
    public async Task Fourth_management_request_in_a_minute_is_429_with_retry_after()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new AllInOneApp { Settings = new Dictionary<string, string> { ["Tokens:ManagementRequestsPerMinute"] = "3" } };
        using var project = await OwnedProject.ArrangeAsync(app.Api(), ct);
        var maintainer = await project.NewMemberAsync(40, ct);

        using var first = await maintainer.Client.SendFormAsync(HttpMethod.Post, project.Triggers, ct, ("description", "one"));
        using var second = await maintainer.Client.GetAsync(project.Triggers, ct);
        using var third = await maintainer.Client.GetAsync(project.Triggers, ct);
        using var fourth = await maintainer.Client.GetAsync(project.Triggers, ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        await Answer.IsAsync(fourth, 429, TooMany, ct);
        var retryAfter = Assert.Single(fourth.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
    }

    [Fact]
    public async Task Limit_is_per_user_and_leaves_triggering_alone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new AllInOneApp { Settings = new Dictionary<string, string> { ["Tokens:ManagementRequestsPerMinute"] = "3" } };
        using var project = await OwnedProject.ArrangeAsync(app.Api(), ct);
        var busy = await project.NewMemberAsync(40, ct);
        var other = await project.NewMemberAsync(40, ct);
        var trigger = await project.CreateTriggerAsync(busy.Client, "ci", ct);
        for (var i = 0; i < 2; i++)
        {
            using var used = await busy.Client.GetAsync(project.Triggers, ct);
        }

        using var limited = await busy.Client.GetAsync(project.Triggers, ct);
        using var otherUser = await other.Client.GetAsync(project.Triggers, ct);
        using var triggered = await project.TriggerAsync(Answer.Token(trigger), "main", ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherUser.StatusCode);
        await Answer.IsAsync(triggered, 201, null, ct);
    }

    [Fact]
    public async Task Requests_without_credentials_stay_401_beyond_the_limit()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new AllInOneApp { Settings = new Dictionary<string, string> { ["Tokens:ManagementRequestsPerMinute"] = "3" } };
        using var project = await OwnedProject.ArrangeAsync(app.Api(), ct);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var anonymous = await project.Root.Http.GetAsync(project.Triggers, ct);
            statuses.Add(anonymous.StatusCode);
        }

        // GitLab authenticates first; an anonymous caller has no per-user budget to exhaust.
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
    }
}
