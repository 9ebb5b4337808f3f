using System.Net;
using Microsoft.Extensions.Options;
using WvsMesh.Pipelines.Repositories;
using WvsMesh.ServiceDefaults;
using WvsMesh.ServiceDefaults.Repositories;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Repositories;

/// <summary>
/// The connect-time check before every clone or fetch (#13): the host is resolved here, local addresses are refused, git is
/// pinned to the addresses checked, and a local path needs an admin's approval and must lie outside the data directory.
/// </summary>
public sealed class Connecting_to_import_sources : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "wvs-sources-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Theory]
    [InlineData("http://localhost:8080/repo.git")]
    [InlineData("http://127.0.0.1:8080/repo.git")]
    public async Task A_host_that_resolves_to_loopback_is_refused(string url)
    {
        var sources = new RepositorySources(Options.Create(new WvsOptions { DataDir = _data }), Options.Create(new ImportOptions()));

        var refused = await Assert.ThrowsAsync<RefNotBuildableException>(() => sources.PrepareAsync(url, localApproved: true, TestContext.Current.CancellationToken));

        Assert.Equal("Import url is blocked: Requests to loopback addresses are not allowed", refused.Message);
    }

    [Fact]
    public async Task A_name_that_now_resolves_to_a_local_address_is_refused()
    {
        // Public when the project was created, the metadata service now (DNS rebinding).
        var sources = Sources(allowLocal: false, "169.254.169.254");

        var refused = await Assert.ThrowsAsync<RefNotBuildableException>(() =>
            sources.PrepareAsync("https://rebinding.example/repo.git", localApproved: false, TestContext.Current.CancellationToken));

        Assert.Equal("Import url is blocked: Requests to the link local network are not allowed", refused.Message);
    }

    [Fact]
    public async Task Git_is_pinned_to_the_checked_addresses_without_redirects_or_other_protocols()
    {
        var sources = Sources(allowLocal: false, "93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c");

        var source = await sources.PrepareAsync("https://user:pw@gitlab.example/group/repo.git", localApproved: false, TestContext.Current.CancellationToken);

        Assert.Equal("https://user:pw@gitlab.example/group/repo.git", source.Url);
        Assert.Equal(
            ["-c", "protocol.allow=never", "-c", "protocol.http.allow=always", "-c", "protocol.https.allow=always",
             "-c", "http.followRedirects=false",
             "-c", "http.curloptResolve=gitlab.example:443:93.184.215.14,[2606:2800:21f:cb07:6820:80da:af6b:8b2c]"],
            source.Options);
        Assert.Null(source.LocalPath);
    }

    [Fact]
    public async Task A_local_path_needs_an_admins_approval_and_must_lie_outside_the_data_directory()
    {
        var ct = TestContext.Current.CancellationToken;
        var sources = Sources(allowLocal: true);
        var outside = Path.GetTempPath();

        var unapproved = await Assert.ThrowsAsync<RefNotBuildableException>(() => sources.PrepareAsync(outside, localApproved: false, ct));
        var inside = await Assert.ThrowsAsync<RefNotBuildableException>(() => sources.PrepareAsync(Path.Combine(_data, "mirrors", "1.git"), localApproved: true, ct));
        var approved = await sources.PrepareAsync("file://" + outside, localApproved: true, ct);

        Assert.Equal("Import url is blocked: Only allowed schemes are http, https", unapproved.Message);
        Assert.Equal("Import url is blocked: Requests to the data directory are not allowed", inside.Message);
        Assert.Equal(PhysicalPath.Of(outside), approved.Url);
        Assert.Equal(["-c", "protocol.allow=never", "-c", "protocol.file.allow=always"], approved.Options);
    }

    private RepositorySources Sources(bool allowLocal, params string[] addresses) => new(
        Options.Create(new WvsOptions { DataDir = _data }),
        Options.Create(new ImportOptions { AllowLocalRequests = allowLocal }),
        (_, _) => Task.FromResult(addresses.Select(IPAddress.Parse).ToArray()));
}
