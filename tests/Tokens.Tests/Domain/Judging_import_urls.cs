using System.Net;
using System.Net.Sockets;
using WvsMesh.ServiceDefaults.Network;
using WvsMesh.ServiceDefaults.Repositories;
using Xunit;

namespace WvsMesh.Tokens.Tests.Domain;

/// <summary>The pure import rule (#13): which <c>import_url</c> a user or an admin may give, before and after DNS.</summary>
public sealed class Judging_import_urls : IDisposable
{
    private const string Data = "/srv/wvs-data";
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "wvs-judge-" + Guid.NewGuid().ToString("N"));

    public Judging_import_urls() => Directory.CreateDirectory(_temp);

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    public static TheoryData<string, string?> ForAUser => new()
    {
        { "https://gitlab.example/group/project.git", null },
        { "http://93.184.215.14/x.git", null },
        { "https://93.184.215.14:8443/x.git", null },
        { "https://user:password@93.184.215.14/x.git", null },
        { "/etc", OutboundUrls.SchemeNotAllowed },
        { "/root", OutboundUrls.SchemeNotAllowed },
        { "./repo", OutboundUrls.SchemeNotAllowed },
        { "file:///", OutboundUrls.SchemeNotAllowed },
        { "ftp://93.184.215.14/x", OutboundUrls.SchemeNotAllowed },
        { "git://93.184.215.14/x", OutboundUrls.SchemeNotAllowed },
        { "ssh://93.184.215.14/x", OutboundUrls.SchemeNotAllowed },
        { "git@93.184.215.14:x.git", OutboundUrls.SchemeNotAllowed },
        { "ext::sh -c id", OutboundUrls.SchemeNotAllowed },
        { "not a url", OutboundUrls.SchemeNotAllowed },
        { "http://93.184.215.14:22/x", ImportUrlPolicy.PortNotAllowed },
        { "http://127.0.0.1/x", "Requests to loopback addresses are not allowed" },
        { "http://localhost/x", "Requests to loopback addresses are not allowed" },
        { "http://169.254.169.254/", "Requests to the link local network are not allowed" },
        { "http://10.0.0.1/", "Requests to the local network are not allowed" },
        { "http://rebinds.example/", "Requests to loopback addresses are not allowed" },
        { "http://unknown.example/", OutboundUrls.HostNotResolved },
    };

    [Theory]
    [MemberData(nameof(ForAUser))]
    public async Task A_users_url_must_be_public_http(string url, string? refusal)
    {
        var answer = await ImportUrlPolicy.RefuseAsync(url, isAdmin: false, allowLocalRequests: false, Data, Resolve, TestContext.Current.CancellationToken);

        Assert.Equal(refusal, answer);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/x")]
    [InlineData("http://10.0.0.1/x")]
    [InlineData("http://rebinds.example/x")]
    public async Task Local_addresses_pass_when_the_admin_setting_allows_local_requests(string url) =>
        Assert.Null(await ImportUrlPolicy.RefuseAsync(url, isAdmin: false, allowLocalRequests: true, Data, Resolve, TestContext.Current.CancellationToken));

    [Theory]
    [InlineData("/tmp/demo", null)]
    [InlineData("file:///tmp/demo", null)]
    [InlineData(Data, ImportUrlPolicy.DataDirectoryNotAllowed)]
    [InlineData(Data + "/mirrors/1.git", ImportUrlPolicy.DataDirectoryNotAllowed)]
    [InlineData("/srv/other/../wvs-data/mirrors", ImportUrlPolicy.DataDirectoryNotAllowed)]
    [InlineData("file:///srv/wvs-data/mirrors/%31.git", ImportUrlPolicy.DataDirectoryNotAllowed)]
    [InlineData("/srv/wvs-data-other", null)]
    [InlineData("ftp://93.184.215.14/x", OutboundUrls.SchemeNotAllowed)]
    public async Task An_admins_local_path_must_stay_out_of_the_data_directory(string url, string? refusal) =>
        Assert.Equal(refusal, await ImportUrlPolicy.RefuseAsync(url, isAdmin: true, allowLocalRequests: false, Data, Resolve, TestContext.Current.CancellationToken));

    [Fact]
    public void A_symbolic_link_into_the_data_directory_is_inside_it()
    {
        var data = Directory.CreateDirectory(Path.Combine(_temp, "data")).FullName;
        Directory.CreateDirectory(Path.Combine(data, "mirrors"));
        var link = Path.Combine(_temp, "innocent");
        Directory.CreateSymbolicLink(link, Path.Combine(data, "mirrors"));
        var hop = Path.Combine(_temp, "hop");
        Directory.CreateSymbolicLink(hop, Path.Combine(data, "mirrors"));

        Assert.True(ImportUrlPolicy.IsInside(Path.Combine(link, "1.git"), data));
        // link/.. is the link target's parent (the data directory), as the kernel walks it — not _temp.
        Assert.True(ImportUrlPolicy.IsInside(Path.Combine(hop, "..", "mirrors"), data));
        Assert.False(ImportUrlPolicy.IsInside(_temp, data));
    }

    [Fact]
    public void A_work_tree_whose_git_file_points_into_the_data_directory_is_inside_it()
    {
        var data = Directory.CreateDirectory(Path.Combine(_temp, "data")).FullName;
        var tree = Directory.CreateDirectory(Path.Combine(_temp, "tree")).FullName;
        File.WriteAllText(Path.Combine(tree, ".git"), $"gitdir: {data}/mirrors/1.git\n");

        Assert.True(ImportUrlPolicy.IsInside(tree, data));
    }

    private static Task<IPAddress[]> Resolve(string host, CancellationToken ct) => host switch
    {
        "gitlab.example" => Task.FromResult(new[] { IPAddress.Parse("93.184.215.14") }),
        "rebinds.example" => Task.FromResult(new[] { IPAddress.Parse("93.184.215.14"), IPAddress.Loopback }),
        _ => Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound)),
    };
}
