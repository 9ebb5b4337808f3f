using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Triggers;

/// <summary>
/// Issue #3: <c>last_used</c> (GitLab: the newest pipeline's <c>created_at</c>) and, beyond GitLab, <c>last_used_ip</c>.
/// They are written off the trigger's hot path, so the tests poll for a few seconds.
/// </summary>
public sealed class Recording_the_use_of_a_trigger_token(AllInOneApp app) : IClassFixture<AllInOneApp>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private readonly GitLabApiClient _root = app.Api();

    [Fact]
    public async Task Unused_token_has_no_last_used()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var trigger = await project.CreateTriggerAsync(project.Creator.Client, "idle", ct);

        using var read = await project.Creator.Client.GetAsync($"{project.Triggers}/{Answer.Id(trigger)}", ct);

        var entity = await GitLabApiClient.ExpectAsync(read, HttpStatusCode.OK, ct);
        Assert.True(entity.ContainsKey("last_used"));
        Assert.Null(entity["last_used"]);
        Assert.Null(entity["last_used_ip"]);
    }

    [Fact]
    public async Task Successful_trigger_sets_last_used_and_last_used_ip()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = new AllInOneApp();
        // The in-process test server has no network peer; give every request the address a real client would have.
        await using var addressed = host.WithWebHostBuilder(builder => builder.ConfigureServices(
            services => services.AddSingleton<IStartupFilter>(new PeerAddress(IPAddress.Parse("203.0.113.7")))));
        using var project = await OwnedProject.ArrangeAsync(new GitLabApiClient(addressed.CreateClient(), AllInOneApp.RootToken), ct);
        var trigger = await project.CreateTriggerAsync(project.Creator.Client, "used", ct);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        using var triggered = await project.TriggerAsync(Answer.Token(trigger), "main", ct);
        Assert.Equal(HttpStatusCode.Created, triggered.StatusCode);
        var entity = await PollAsync(project, Answer.Id(trigger), found => found["last_used"] is not null, ct);

        var lastUsed = DateTimeOffset.Parse(entity["last_used"]?.GetValue<string>() ?? "", CultureInfo.InvariantCulture);
        Assert.InRange(lastUsed, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal("203.0.113.7", entity["last_used_ip"]?.GetValue<string>());
    }

    [Fact]
    public async Task Client_sent_address_header_is_not_believed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = new AllInOneApp();
        await using var addressed = host.WithWebHostBuilder(builder => builder.ConfigureServices(
            services => services.AddSingleton<IStartupFilter>(new PeerAddress(IPAddress.Parse("203.0.113.7")))));
        using var project = await OwnedProject.ArrangeAsync(new GitLabApiClient(addressed.CreateClient(), AllInOneApp.RootToken), ct);
        var trigger = await project.CreateTriggerAsync(project.Creator.Client, "used", ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v4/projects/{project.Id}/trigger/pipeline")
        {
            Content = new FormUrlEncodedContent([new("token", Answer.Token(trigger)), new("ref", "main")]),
        };
        request.Headers.Add("X-Wvs-Client-Address", "198.51.100.1");

        using var triggered = await project.Root.Http.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.Created, triggered.StatusCode);
        var entity = await PollAsync(project, Answer.Id(trigger), found => found["last_used"] is not null, ct);

        Assert.Equal("203.0.113.7", entity["last_used_ip"]?.GetValue<string>());
    }

    [Fact]
    public async Task Last_used_is_listed_too()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var trigger = await project.CreateTriggerAsync(project.Creator.Client, "used", ct);
        using var triggered = await project.TriggerAsync(Answer.Token(trigger), "main", ct);
        await PollAsync(project, Answer.Id(trigger), found => found["last_used"] is not null, ct);

        using var list = await project.Creator.Client.GetAsync(project.Triggers, ct);

        Assert.NotNull(Assert.Single(await Answer.ArrayAsync(list, ct))?["last_used"]);
    }

    [Fact]
    public async Task Refused_trigger_leaves_last_used_unset()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var trigger = await project.CreateTriggerAsync(project.Creator.Client, "refused", ct);

        using var triggered = await project.TriggerAsync(Answer.Token(trigger), "no-such-branch", ct);
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        using var read = await project.Creator.Client.GetAsync($"{project.Triggers}/{Answer.Id(trigger)}", ct);

        Assert.Equal(HttpStatusCode.BadRequest, triggered.StatusCode);
        Assert.Null((await GitLabApiClient.ExpectAsync(read, HttpStatusCode.OK, ct))["last_used"]);
    }

    private static async Task<JsonObject> PollAsync(OwnedProject project, long triggerId, Func<JsonObject, bool> done, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            using var read = await project.Creator.Client.GetAsync($"{project.Triggers}/{triggerId}", ct);
            var entity = await GitLabApiClient.ExpectAsync(read, HttpStatusCode.OK, ct);
            if (done(entity) || DateTimeOffset.UtcNow > deadline)
            {
                return entity;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
    }

    /// <summary>Sets the connection's remote address, as Kestrel would from the socket.</summary>
    private sealed class PeerAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
