using System.Net;
using System.Text.Json.Nodes;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.EndToEnd.Tests.Pipelines;
using WvsMesh.TestKit;
using Xunit;
using static WvsMesh.EndToEnd.Tests.Accounts.Arrangements;

namespace WvsMesh.EndToEnd.Tests.Projects;

/// <summary>
/// <c>import_url</c> is checked as GitLab's URL blocker checks it (#13): a user may import only an <c>http(s)</c> repository
/// on port 80, 443 or above 1024 at a public address; a local path or <c>file://</c> is an admin's alone, and never one
/// inside the data directory, where the mirrors of everyone's projects live. A refusal is GitLab's 422 with the reason.
/// </summary>
public sealed class Importing_a_repository(AllInOneApp app) : IClassFixture<AllInOneApp>
{
    private const string SchemeNotAllowed = "Only allowed schemes are http, https";
    private const string Loopback = "Requests to loopback addresses are not allowed";
    private const string LocalNetwork = "Requests to the local network are not allowed";
    private const string DataDirectory = "Requests to the data directory are not allowed";

    private readonly GitLabApiClient _root = app.Api();

    [Theory]
    [InlineData("/etc", SchemeNotAllowed)]
    [InlineData("/root", SchemeNotAllowed)]
    [InlineData("/tmp/../etc", SchemeNotAllowed)]
    [InlineData("./data", SchemeNotAllowed)]
    [InlineData("file:///", SchemeNotAllowed)]
    [InlineData("file:///etc/passwd", SchemeNotAllowed)]
    [InlineData("file://localhost/etc", SchemeNotAllowed)]
    [InlineData("ftp://93.184.215.14/repo.git", SchemeNotAllowed)]
    [InlineData("git://93.184.215.14/repo.git", SchemeNotAllowed)]
    [InlineData("ssh://git@93.184.215.14/repo.git", SchemeNotAllowed)]
    [InlineData("git@93.184.215.14:group/repo.git", SchemeNotAllowed)]
    [InlineData("ext::sh -c touch% /tmp/pwned", SchemeNotAllowed)]
    [InlineData("http://127.0.0.1:22/x", "Only allowed ports are 80, 443, and any over 1024")]
    [InlineData("http://127.0.0.1:8080/x", Loopback)]
    [InlineData("http://localhost:8080/x", Loopback)]
    [InlineData("http://[::1]:8080/x", Loopback)]
    [InlineData("http://[::ffff:127.0.0.1]/x", Loopback)]
    [InlineData("http://0.0.0.0:8080/x", "Requests to the unspecified address (0.0.0.0, ::) are not allowed")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "Requests to the link local network are not allowed")]
    [InlineData("http://10.0.0.1/x", LocalNetwork)]
    [InlineData("https://192.168.1.1/x", LocalNetwork)]
    [InlineData("http://100.64.0.1/x", LocalNetwork)]
    [InlineData("https://user:secret@172.16.0.1/x.git", LocalNetwork)]
    public async Task A_users_import_url_off_the_public_network_is_refused(string importUrl, string reason)
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, _, user) = await _root.CreateUserAsync(null, ct);

        using var response = await user.SendFormAsync(HttpMethod.Post, "/api/v4/projects", ct, ("name", Unique("import")), ("import_url", importUrl));

        await Refusal.IsJsonAsync(response, 422, new JsonObject { ["message"] = reason }, ct);
        using var listed = await user.GetAsync("/api/v4/projects", ct);
        Assert.Equal("[]", await listed.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task Another_projects_mirror_is_refused_to_a_user_and_to_an_admin()
    {
        var ct = TestContext.Current.CancellationToken;
        using var victim = await CiProject.ArrangeAsync(_root, "job:\n  script: echo private\n", ct);
        await victim.TriggerCreatedAsync("main", ct);
        var mirror = Path.Combine(app.DataDirectory, "mirrors", $"{victim.Id}.git");
        Assert.True(Directory.Exists(mirror), $"no mirror at {mirror}");
        var (_, _, user) = await _root.CreateUserAsync(null, ct);

        using var asUser = await user.SendFormAsync(HttpMethod.Post, "/api/v4/projects", ct, ("name", Unique("steal")), ("import_url", mirror));
        using var asAdmin = await _root.SendFormAsync(HttpMethod.Post, "/api/v4/projects", ct, ("name", Unique("steal")), ("import_url", mirror));

        await Refusal.IsJsonAsync(asUser, 422, new JsonObject { ["message"] = SchemeNotAllowed }, ct);
        await Refusal.IsJsonAsync(asAdmin, 422, new JsonObject { ["message"] = DataDirectory }, ct);
    }

    [Fact]
    public async Task Every_spelling_of_a_path_inside_the_data_directory_is_refused_to_an_admin()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Path.GetFullPath(app.DataDirectory);
        var link = Path.Combine(Path.GetTempPath(), "wvs-link-" + Guid.NewGuid().ToString("N"));
        Directory.CreateSymbolicLink(link, data);
        using var outside = GitRepository.Create();
        // A work tree outside whose .git file sends git into the data directory.
        var worktree = Path.Combine(Path.GetTempPath(), "wvs-gitfile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(worktree);
        await File.WriteAllTextAsync(Path.Combine(worktree, ".git"), $"gitdir: {Path.Combine(data, "mirrors", "1.git")}\n", ct);
        try
        {
            foreach (var spelling in new[]
            {
                data,
                Path.Combine(data, "mirrors", "1.git"),
                $"{outside.Path}/../{Path.GetFileName(data)}/mirrors",
                "file://" + Path.Combine(data, "mirrors"),
                "file://" + data + "/mirrors/%31.git",
                link,
                Path.Combine(link, "mirrors"),
                worktree,
            })
            {
                using var response = await _root.SendFormAsync(HttpMethod.Post, "/api/v4/projects", ct, ("name", Unique("inside")), ("import_url", spelling));

                await Refusal.IsJsonAsync(response, 422, new JsonObject { ["message"] = DataDirectory }, ct);
            }
        }
        finally
        {
            Directory.Delete(link);
            Directory.Delete(worktree, recursive: true);
        }
    }

    [Fact]
    public async Task An_admins_local_path_outside_the_data_directory_is_imported_and_built()
    {
        var ct = TestContext.Current.CancellationToken;
        using var repository = GitRepository.Create();

        var project = await _root.CreateProjectAsync(Unique("local"), repository.Path, ct);
        var trigger = await _root.CreateTriggerAsync(CiProject.IdOf(project), "ci", ct);
        using var triggered = await _root.TriggerPipelineAsync($"{project["id"]}", trigger["token"]?.GetValue<string>(), "main", ct);

        Assert.Equal(repository.Path, project["import_url"]?.GetValue<string>());
        var pipeline = await GitLabApiClient.ExpectAsync(triggered, HttpStatusCode.Created, ct);
        Assert.Equal(repository.Head(), pipeline["sha"]?.GetValue<string>());
    }

    [Fact]
    public async Task An_admin_creates_a_users_project_from_a_local_path_and_a_user_may_not()
    {
        var ct = TestContext.Current.CancellationToken;
        using var repository = GitRepository.Create();
        var (userId, username, user) = await _root.CreateUserAsync(null, ct);
        var (otherId, _, _) = await _root.CreateUserAsync(null, ct);
        var name = Unique("theirs");

        var project = await _root.CreateProjectForUserAsync(userId, name, repository.Path, ct);
        using var byUser = await user.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/user/{otherId}", ct, ("name", Unique("x")), ("import_url", repository.Path));
        using var member = await user.GetAsync($"/api/v4/projects/{project["id"]}/members/{userId}", ct);

        Assert.Equal($"{username}/{name.ToLowerInvariant()}", project["path_with_namespace"]?.GetValue<string>());
        Assert.Equal(Owner, (await GitLabApiClient.ExpectAsync(member, HttpStatusCode.OK, ct))["access_level"]?.GetValue<int>());
        await Refusal.IsJsonAsync(byUser, 403, new JsonObject { ["message"] = "403 Forbidden" }, ct);
    }

    [Fact]
    public async Task A_user_imports_a_public_https_repository()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, _, user) = await _root.CreateUserAsync(null, ct);

        var project = await user.CreateProjectAsync(Unique("public"), "https://93.184.215.14:8443/group/demo.git", ct);

        Assert.Equal("https://93.184.215.14:8443/group/demo.git", project["import_url"]?.GetValue<string>());
    }
}
