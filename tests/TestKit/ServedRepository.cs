using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.FileProviders;

namespace WvsMesh.TestKit;

/// <summary>
/// A bare copy of a <see cref="GitRepository"/> served over git's "dumb" HTTP protocol (plain files) on 127.0.0.1: a
/// remote source to import, whose refs change only when the test pushes.
/// </summary>
public sealed class ServedRepository : IAsyncDisposable
{
    private readonly GitRepository _source;
    private readonly string _folder;
    private readonly WebApplication _server;

    private ServedRepository(GitRepository source, string folder, WebApplication server)
    {
        _source = source;
        _folder = folder;
        _server = server;
    }

    /// <summary>The repository's URL, <c>http://127.0.0.1:&lt;port&gt;/repo.git</c>.</summary>
    public string Url => $"{_server.Urls.First()}/repo.git";

    private string Bare => Path.Combine(_folder, "repo.git");

    public static async Task<ServedRepository> StartAsync(GitRepository source, CancellationToken ct)
    {
        var folder = Path.Combine(Path.GetTempPath(), "wvs-served-" + Guid.NewGuid().ToString("N"));
        source.Git("clone", "-q", "--bare", source.Path, Path.Combine(folder, "repo.git"));
        GitRepository.Run(Path.Combine(folder, "repo.git"), "update-server-info");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var server = builder.Build();
        server.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(folder), ServeUnknownFileTypes = true });
        await server.StartAsync(ct);
        return new ServedRepository(source, folder, server);
    }

    /// <summary>Pushes <paramref name="branch"/> of the source here, as a push to a remote would.</summary>
    public void Push(string branch = "main")
    {
        _source.Git("push", "-q", Bare, branch);
        GitRepository.Run(Bare, "update-server-info");
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
