using System.Net;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Triggers;

/// <summary>
/// Issue #3: GitLab's <c>TriggerPresenter</c> shows the full token only to its owner (Maintainer+) and to admins;
/// every other Maintainer or Owner sees its first 4 characters after the prefix (reference §1.2, catalogue #15).
/// </summary>
public sealed class Reading_a_trigger_token_as_someone_else(AllInOneApp app) : IClassFixture<AllInOneApp>
{
    public enum Reader
    {
        TokenOwner,
        OtherMaintainer,
        ProjectOwner,
        Admin,
    }

    private readonly GitLabApiClient _root = app.Api();

    [Theory]
    [InlineData(Reader.TokenOwner, true)]
    [InlineData(Reader.OtherMaintainer, false)]
    [InlineData(Reader.ProjectOwner, false)]
    [InlineData(Reader.Admin, true)]
    public async Task List_and_get_show_the_full_token_only_to_its_owner_and_admins(Reader reader, bool full)
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var tokenOwner = await project.NewMemberAsync(40, ct);
        var created = await project.CreateTriggerAsync(tokenOwner.Client, "visible", ct);
        var token = Answer.Token(created);
        var client = reader switch
        {
            Reader.TokenOwner => tokenOwner.Client,
            Reader.OtherMaintainer => (await project.NewMemberAsync(40, ct)).Client,
            Reader.ProjectOwner => project.Creator.Client,
            _ => _root,
        };

        using var list = await client.GetAsync(project.Triggers, ct);
        using var get = await client.GetAsync($"{project.Triggers}/{Answer.Id(created)}", ct);

        var expected = full ? token : token["wvsptt-".Length..("wvsptt-".Length + 4)];
        var listed = Assert.Single(await Answer.ArrayAsync(list, ct));
        Assert.Equal(expected, listed?["token"]?.GetValue<string>());
        Assert.Equal(expected, (await GitLabApiClient.ExpectAsync(get, HttpStatusCode.OK, ct))["token"]?.GetValue<string>());
    }

    [Fact]
    public async Task Created_token_is_wvsptt_and_40_hex_and_owned_by_its_creator()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var tokenOwner = await project.NewMemberAsync(40, ct);

        var created = await project.CreateTriggerAsync(tokenOwner.Client, "format", ct);

        Assert.Matches("^wvsptt-[0-9a-f]{40}$", Answer.Token(created));
        Assert.Equal("format", created["description"]?.GetValue<string>());
        Assert.Equal(tokenOwner.Id, created["owner"]?["id"]?.GetValue<long>());
        Assert.Equal(tokenOwner.Username, created["owner"]?["username"]?.GetValue<string>());
        Assert.Null(created["last_used"]);
        Assert.Null(created["expires_at"]);
    }

    [Fact]
    public async Task Each_maintainer_sees_their_own_token_in_full_and_the_others_shortened_in_one_list()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var first = await project.NewMemberAsync(40, ct);
        var second = await project.NewMemberAsync(40, ct);
        var firstToken = Answer.Token(await project.CreateTriggerAsync(first.Client, "first", ct));
        var secondToken = Answer.Token(await project.CreateTriggerAsync(second.Client, "second", ct));

        using var list = await first.Client.GetAsync(project.Triggers, ct);

        var tokens = (await Answer.ArrayAsync(list, ct)).Select(trigger => trigger?["token"]?.GetValue<string>()).ToList();
        Assert.Equal(2, tokens.Count);
        Assert.Contains(firstToken, tokens);
        Assert.Contains(secondToken.Substring("wvsptt-".Length, 4), tokens);
        Assert.DoesNotContain(secondToken, tokens);
    }
}
