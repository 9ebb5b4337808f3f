using System.Net;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Triggers;

/// <summary>
/// Issue #3: the trigger endpoint never authenticates a user (GitLab: no <c>authenticate!</c>, issue #23396); only
/// the trigger token counts, whatever <c>PRIVATE-TOKEN</c> or <c>Authorization</c> comes with it.
/// </summary>
public sealed class Triggering_with_user_credentials_attached(AllInOneApp app) : IClassFixture<AllInOneApp>
{
    private readonly GitLabApiClient _root = app.Api();

    [Theory]
    [InlineData("PRIVATE-TOKEN", "bogus-personal-token")]
    [InlineData("Authorization", "Bearer bogus-personal-token")]
    [InlineData("PRIVATE-TOKEN", AllInOneApp.RootToken)]
    public async Task Valid_trigger_token_creates_the_pipeline_as_its_owner(string header, string value)
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var owner = await project.NewMemberAsync(40, ct);
        var token = Answer.Token(await project.CreateTriggerAsync(owner.Client, "ci", ct));

        using var response = await SendAsync(project, token, header, value, ct);

        var pipeline = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
        Assert.Equal(owner.Username, pipeline["user"]?["username"]?.GetValue<string>());
    }

    [Fact]
    public async Task Root_credentials_do_not_rescue_a_token_whose_owner_was_demoted()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);
        var owner = await project.NewMemberAsync(40, ct);
        var token = Answer.Token(await project.CreateTriggerAsync(owner.Client, "ci", ct));
        await project.SetAccessLevelAsync(owner.Id, 20, ct);

        using var response = await SendAsync(project, token, "PRIVATE-TOKEN", AllInOneApp.RootToken, ct);

        await Answer.IsAsync(response, 400, Answer.InsufficientPermissions, ct);
    }

    [Fact]
    public async Task Personal_access_token_in_the_header_is_no_trigger_token()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await OwnedProject.ArrangeAsync(_root, ct);

        using var response = await SendAsync(project, "wvsptt-0000000000000000000000000000000000000000", "PRIVATE-TOKEN", AllInOneApp.RootToken, ct);

        await Answer.IsAsync(response, 404, Answer.NotFound, ct);
    }

    private Task<HttpResponseMessage> SendAsync(OwnedProject project, string token, string header, string value, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v4/projects/{project.Id}/trigger/pipeline")
        {
            Content = new FormUrlEncodedContent([new("token", token), new("ref", "main")]),
        };
        request.Headers.TryAddWithoutValidation(header, value);
        return _root.Http.SendAsync(request, ct);
    }
}
