using System.Net;
using System.Text.Json.Nodes;
using WvsMesh.EndToEnd.Tests.Pipelines;
using WvsMesh.TestKit;
using Xunit;
using static WvsMesh.EndToEnd.Tests.Accounts.Arrangements;

namespace WvsMesh.EndToEnd.Tests.Projects;

/// <summary>
/// GitLab shows <c>import_url</c> only to those who administer the project (Maintainers, Owners, admins), and never its
/// credentials (#13): below Maintainer the field is absent, above it the URL comes without <c>user:password@</c> — on
/// every answer that presents the project.
/// Each composition runs these same cases (see the derived classes).
/// </summary>
public abstract class ImportUrlScenarios
{
    private const string WithCredentials = "https://deploy:s3cret-Pa55@93.184.215.14/group/private.git";
    private const string WithoutCredentials = "https://93.184.215.14/group/private.git";

    /// <summary>The composition's root client (through the gateway).</summary>
    protected abstract GitLabApiClient Root();

    /// <summary>Skips (or, on CI, fails) when the composition cannot run here.</summary>
    protected virtual void Require()
    {
    }

    [Fact]
    public async Task The_creator_gets_the_url_without_its_credentials()
    {
        Require();
        var ct = TestContext.Current.CancellationToken;
        var root = Root();
        var (_, _, owner) = await root.CreateUserAsync(null, ct);

        var project = await owner.CreateProjectAsync(Unique("creds"), WithCredentials, ct);

        Assert.Equal(WithoutCredentials, project["import_url"]?.GetValue<string>());
        Assert.DoesNotContain("s3cret", project.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Guest, false)]
    [InlineData(Reporter, false)]
    [InlineData(Developer, false)]
    [InlineData(Maintainer, true)]
    [InlineData(Owner, true)]
    public async Task A_member_sees_the_url_from_Maintainer_up_and_never_its_credentials(int accessLevel, bool shown)
    {
        Require();
        var ct = TestContext.Current.CancellationToken;
        var root = Root();
        var (_, _, owner) = await root.CreateUserAsync(null, ct);
        var id = CiProject.IdOf(await owner.CreateProjectAsync(Unique("creds"), WithCredentials, ct));
        var (memberId, _, member) = await root.CreateUserAsync(null, ct);
        await root.AddMemberAsync(id, memberId, accessLevel, ct);

        using var one = await member.GetAsync($"/api/v4/projects/{id}", ct);

        var project = await GitLabApiClient.ExpectAsync(one, HttpStatusCode.OK, ct);
        var listed = Assert.Single(await CiProject.ArrayAsync(member, "/api/v4/projects", ct))!.AsObject(); // ! : a listed project is an object
        foreach (var seen in new[] { project, listed })
        {
            Assert.DoesNotContain("s3cret", seen.ToJsonString(), StringComparison.Ordinal);
            Assert.Equal(shown ? WithoutCredentials : null, seen["import_url"]?.GetValue<string>());
            Assert.Equal(shown, seen.ContainsKey("import_url"));
        }
    }

    [Fact]
    public async Task An_admin_who_is_no_member_sees_the_url_without_its_credentials()
    {
        Require();
        var ct = TestContext.Current.CancellationToken;
        var root = Root();
        var (_, _, owner) = await root.CreateUserAsync(null, ct);
        var id = CiProject.IdOf(await owner.CreateProjectAsync(Unique("creds"), WithCredentials, ct));

        using var one = await root.GetAsync($"/api/v4/projects/{id}", ct);

        Assert.Equal(WithoutCredentials, (await GitLabApiClient.ExpectAsync(one, HttpStatusCode.OK, ct))["import_url"]?.GetValue<string>());
    }
}
