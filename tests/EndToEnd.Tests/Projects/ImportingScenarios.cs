using System.Net;
using System.Text.Json.Nodes;
using WvsMesh.EndToEnd.Tests.Pipelines;
using WvsMesh.TestKit;
using Xunit;
using static WvsMesh.EndToEnd.Tests.Accounts.Arrangements;

namespace WvsMesh.EndToEnd.Tests.Projects;

/// <summary>
/// <c>import_url</c> is checked as GitLab's URL blocker checks it (#13): a user may import only an <c>http(s)</c> repository
/// on port 80, 443 or above 1024 at a public address; a local path or <c>file://</c> is an admin's alone, and never one
/// inside the data directory, where the mirrors of everyone's projects live. A refusal is GitLab's 422 with the reason.
/// Each composition runs these same cases (see the derived classes).
/// </summary>
public abstract class ImportingScenarios
{
    private const string SchemeNotAllowed = "Only allowed schemes are http, https";
    private const string Loopback = "Requests to loopback addresses are not allowed";
    private const string LocalNetwork = "Requests to the local network are not allowed";
    private const string DataDirectoryNotAllowed = "Requests to the data directory are not allowed";

    /// <summary>The composition's root client (through the gateway).</summary>
    protected abstract GitLabApiClient Root();

    /// <summary>Skips (or, on CI, fails) when the composition cannot run here.</summary>
    protected virtual void Require()
    {
    }

    /// <summary>
    /// The data directory of <paramref name="service"/> (<c>Tokens</c>, which creates projects, or <c>Pipelines</c>, which
    /// keeps the mirrors): one and the same in the embedded host.
    /// </summary>
    protected abstract string DataDirectory(string service);

    /// <summary>Whether the composition runs with the admin setting <c>Imports:AllowLocalRequests</c> on.</summary>
    protected virtual bool LocalRequestsAllowed => false;

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
    public async Task A_users_import_url_off_the_public_network_is_refused(string importUrl, string reason)
    {
        Require();
        var ct = TestContext.Current.CancellationToken;
        var (_, _, user) = await Root().CreateUserAsync(null, ct);

        using var response = await user.SendFormAsync(HttpMethod.Post, "/api/v4/projects", ct, ("name", Unique("import")), ("import_url", importUrl));

        await Refusal.IsJsonAsync(response, 422, new JsonObject { ["message"] = reason }, ct);
        using var listed = await user.GetAsync("/api/v4/projects", ct);
        Assert.Equal("[]", await listed.Content.ReadAsStringAsync(ct));
    }

    [Theory]
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
    public async Task A_users_import_url_into_the_local_network_is_refused_unless_an_admin_allows_local_requests(string importUrl, string reason)
    {
        Require();
        var ct = TestContext.Current.CancellationToken;
        var (_, _, user) = await Root().CreateUserAsync(null, ct);

        using var response = await user.SendFormAsync(HttpMethod.Post, "/api/v4/projects", ct, ("name", Unique("import")), ("import_url", importUrl));

        if (LocalRequestsAllowed)
        {
            // GitLab's allow_local_requests_from_web_hooks_and_services lets these through: the admin's choice, not a bypass.
            Assert.DoesNotContain("secret", (await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct)).ToJsonString(), StringComparison.Ordinal);
            return;
        }
        await Refusal.IsJsonAsync(response, 422, new JsonObject { ["message"] = reason }, ct);
        using var listed = await user.GetAsync("/api/v4/projects", ct);
        Assert.Equal("[]", await listed.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task Another_projects_mirror_is_refused_to_a_user_and_to_an_admin()
    {
        Require();
        var ct = TestContext.Current.CancellationToken;
        var root = Root();
        using var victim = await CiProject.ArrangeAsync(root, "job:\n  script: echo private\n", ct);
        await victim.TriggerCreatedAsync("main", ct);
        var mirror = Path.Combine(DataDirectory("Pipelines"), "mirrors", $"{victim.Id}.git");
        Assert.True(Directory.Exists(mirror), $"no mirror at {mirror}");
        var (_, _, user) = await root.CreateUserAsync(null, ct);

        using var asUser = await user.SendFormAsync(HttpMethod.Post, "/api/v4/projects", ct, ("name", Unique("steal")), ("import_url", mirror));
        using var asAdmin = await root.SendFormAsync(HttpMethod.Post, "/api/v4/projects", ct, ("name", Unique("steal")), ("import_url", mirror));

        await Refusal.IsJsonAsync(asUser, 422, new JsonObject { ["message"] = SchemeNotAllowed }, ct);
        await AdminImportGetsNowhereAsync(asAdmin, ct);
    }

    [Fact]
    public async Task Every_spelling_of_a_path_inside_the_data_directory_is_refused_to_an_admin()
    {
        Require();
        var ct = TestContext.Current.CancellationToken;
        using var outside = GitRepository.Create();
        foreach (var data in new[] { DataDirectory("Tokens"), DataDirectory("Pipelines") }.Select(Path.GetFullPath).Distinct())
        {
            var link = Path.Combine(Path.GetTempPath(), "wvs-link-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(data);
            Directory.CreateSymbolicLink(link, data);
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
                    $"{outside.Path}/{Path.GetRelativePath(outside.Path, data)}/mirrors",
                    "file://" + Path.Combine(data, "mirrors"),
                    "file://" + data + "/mirrors/%31.git",
                    link,
                    Path.Combine(link, "mirrors"),
                    worktree,
                })
                {
                    using var response = await Root().SendFormAsync(HttpMethod.Post, "/api/v4/projects", ct, ("name", Unique("inside")), ("import_url", spelling));

                    if (data == Path.GetFullPath(DataDirectory("Tokens")))
                    {
                        await Refusal.IsJsonAsync(response, 422, new JsonObject { ["message"] = DataDirectoryNotAllowed }, ct);
                    }
                    else
                    {
                        await AdminImportGetsNowhereAsync(response, ct);
                    }
                }
            }
            finally
            {
                Directory.Delete(link);
                Directory.Delete(worktree, recursive: true);
            }
        }
    }

    [Fact]
    public async Task An_admins_local_path_outside_the_data_directory_is_imported_and_built()
    {
        Require();
        var ct = TestContext.Current.CancellationToken;
        var root = Root();
        using var repository = GitRepository.Create();

        var project = await root.CreateProjectAsync(Unique("local"), repository.Path, ct);
        var trigger = await root.CreateTriggerAsync(CiProject.IdOf(project), "ci", ct);
        using var triggered = await root.TriggerPipelineAsync($"{project["id"]}", trigger["token"]?.GetValue<string>(), "main", ct);

        Assert.Equal(repository.Path, project["import_url"]?.GetValue<string>());
        var pipeline = await GitLabApiClient.ExpectAsync(triggered, HttpStatusCode.Created, ct);
        Assert.Equal(repository.Head(), pipeline["sha"]?.GetValue<string>());
    }

    [Fact]
    public async Task An_admin_creates_a_users_project_from_a_local_path_and_a_user_may_not()
    {
        Require();
        var ct = TestContext.Current.CancellationToken;
        var root = Root();
        using var repository = GitRepository.Create();
        var (userId, username, user) = await root.CreateUserAsync(null, ct);
        var (otherId, _, _) = await root.CreateUserAsync(null, ct);
        var name = Unique("theirs");

        var project = await root.CreateProjectForUserAsync(userId, name, repository.Path, ct);
        using var byUser = await user.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/user/{otherId}", ct, ("name", Unique("x")), ("import_url", repository.Path));
        using var member = await user.GetAsync($"/api/v4/projects/{project["id"]}/members/{userId}", ct);

        Assert.Equal($"{username}/{name.ToLowerInvariant()}", project["path_with_namespace"]?.GetValue<string>());
        Assert.Equal(Owner, (await GitLabApiClient.ExpectAsync(member, HttpStatusCode.OK, ct))["access_level"]?.GetValue<int>());
        await Refusal.IsJsonAsync(byUser, 403, new JsonObject { ["message"] = "403 Forbidden" }, ct);
    }

    [Fact]
    public async Task A_user_imports_a_public_https_repository()
    {
        Require();
        var ct = TestContext.Current.CancellationToken;
        var (_, _, user) = await Root().CreateUserAsync(null, ct);

        var project = await user.CreateProjectAsync(Unique("public"), "https://93.184.215.14:8443/group/demo.git", ct);

        Assert.Equal("https://93.184.215.14:8443/group/demo.git", project["import_url"]?.GetValue<string>());
    }

    /// <summary>
    /// An admin's import of a path inside Pipelines' data directory gets nowhere. Where Tokens keeps that same directory
    /// (the embedded host) the creation is GitLab's 422. Across separate hosts Tokens cannot see Pipelines' data directory
    /// (it may live on another machine), so the project is created; Pipelines judges the source again before every clone
    /// and refuses every trigger with 400: no pipeline, no mirror, nothing of the other project readable.
    /// </summary>
    private async Task AdminImportGetsNowhereAsync(HttpResponseMessage created, CancellationToken ct)
    {
        var pipelinesData = DataDirectory("Pipelines");
        if (Path.GetFullPath(pipelinesData) == Path.GetFullPath(DataDirectory("Tokens")))
        {
            await Refusal.IsJsonAsync(created, 422, new JsonObject { ["message"] = DataDirectoryNotAllowed }, ct);
            return;
        }
        var root = Root();
        var id = CiProject.IdOf(await GitLabApiClient.ExpectAsync(created, HttpStatusCode.Created, ct));
        var trigger = await root.CreateTriggerAsync(id, "ci", ct);
        foreach (var reference in new[] { "main", "master" })
        {
            using var triggered = await root.TriggerPipelineAsync($"{id}", trigger["token"]?.GetValue<string>(), reference, ct);

            await Refusal.IsAsync(triggered, 400, "Import url is blocked: " + DataDirectoryNotAllowed, ct);
        }
        Assert.Empty(await CiProject.ArrayAsync(root, $"/api/v4/projects/{id}/pipelines", ct));
        Assert.False(Directory.Exists(Path.Combine(pipelinesData, "mirrors", $"{id}.git")), "a mirror was made of a refused source");
    }
}
