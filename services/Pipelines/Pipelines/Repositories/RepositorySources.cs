using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using WvsMesh.Pipelines.Domain;
using WvsMesh.ServiceDefaults;
using WvsMesh.ServiceDefaults.Network;
using WvsMesh.ServiceDefaults.Repositories;

namespace WvsMesh.Pipelines.Repositories;

/// <summary>A project's repository as git is to read it: the URL or path to hand it, and the <c>-c</c> options that fence it in.</summary>
/// <param name="Url">The canonical URL (or physical path) that was checked; git gets this, never the text as stored.</param>
/// <param name="Options">git's <c>-c name=value</c> pairs, placed before the subcommand.</param>
/// <param name="LocalPath">The physical path of a local source, whose refs can be fingerprinted; null for a remote one.</param>
internal sealed record GitSource(string Url, IReadOnlyList<string> Options, string? LocalPath);

/// <summary>
/// The connect-time half of the import rule (<see cref="ImportUrlPolicy"/>; Tokens checked the same when the project was
/// created): before every clone or fetch the source is judged again, here, with this host's data directory and settings.
/// A remote host is resolved here and git is pinned to the very addresses that were checked
/// (<c>http.curloptResolve</c>), follows no redirect and speaks nothing but http(s) — so a name that resolves to a public
/// address at creation and to 127.0.0.1 now (DNS rebinding), a redirect to the metadata service, or a <c>file://</c> or
/// <c>ext::</c> URL smuggled in by either, gets nowhere. A local path is read only when an admin approved it
/// (<see cref="WvsMesh.Contracts.Pipelines.PipelineRequested.LocalSourceApproved"/>) and is handed to git as the physical
/// path that was checked.
/// </summary>
internal sealed class RepositorySources
{
    public const string BlockedPrefix = "Import url is blocked: ";

    /// <summary>Approved sources judged allowed, by URL (a refusal throws, so it is never remembered).</summary>
    private readonly BoundedCache<string?> _approved = new(10_000);
    private readonly Lazy<string> _dataDirectory;
    private readonly IOptions<ImportOptions> _imports;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;

    public RepositorySources(IOptions<WvsOptions> wvs, IOptions<ImportOptions> imports)
        : this(wvs, imports, Dns.GetHostAddressesAsync)
    {
    }

    internal RepositorySources(IOptions<WvsOptions> wvs, IOptions<ImportOptions> imports, Func<string, CancellationToken, Task<IPAddress[]>> resolve)
    {
        // Made (mkdir) and resolved once, not on every trigger.
        _dataDirectory = new Lazy<string>(wvs.Value.DataDirectory);
        _imports = imports;
        _resolve = resolve;
    }

    /// <summary>
    /// The rule's half that needs no network: the physical path of a local source, or null for a remote one whose address
    /// <see cref="PrepareAsync"/> checks when it is about to connect; throws <see cref="RefNotBuildableException"/> when
    /// the source may not be read at all.
    /// </summary>
    public string? Judge(string repositoryUrl, bool localApproved)
    {
        var source = ImportSource.Parse(repositoryUrl);
        if (ImportUrlPolicy.Refuse(source, localApproved, _dataDirectory.Value) is { } refusal)
        {
            throw Blocked(refusal);
        }
        return source is ImportSource.Local local ? PhysicalPath.Of(local.Path) : null;
    }

    /// <summary>
    /// <see cref="Judge"/> for a trigger's look at the source's refs: an admin-approved local source, once allowed, is
    /// remembered by its URL (no symbolic link walked per trigger), since nothing is read from it but file times; git
    /// reads it only after <see cref="PrepareAsync"/> has judged it afresh.
    /// </summary>
    public string? Locate(string repositoryUrl, bool localApproved) =>
        localApproved ? _approved.GetOrAdd(repositoryUrl, url => Judge(url, localApproved: true)) : Judge(repositoryUrl, localApproved);

    /// <summary>How git may read <paramref name="repositoryUrl"/>; throws <see cref="RefNotBuildableException"/> when it may not.</summary>
    public async Task<GitSource> PrepareAsync(string repositoryUrl, bool localApproved, CancellationToken ct)
    {
        if (Judge(repositoryUrl, localApproved) is { } path)
        {
            return new GitSource(path, ["-c", "protocol.allow=never", "-c", "protocol.file.allow=always"], path);
        }
        var url = ((ImportSource.Remote)ImportSource.Parse(repositoryUrl)!).Url; // ! : Judge found a remote source it allows
        var resolved = await OutboundUrls.ResolveAsync(url.IdnHost, _imports.Value.AllowLocalRequests, _resolve, ct);
        if (resolved.Refusal is { } blocked)
        {
            throw Blocked(blocked);
        }
        List<string> options =
        [
            "-c", "protocol.allow=never", "-c", "protocol.http.allow=always", "-c", "protocol.https.allow=always",
            "-c", "http.followRedirects=false",
        ];
        if (!IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out _))
        {
            var addresses = string.Join(',', resolved.Addresses.Select(address =>
                address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString()));
            options.AddRange(["-c", $"http.curloptResolve={url.IdnHost}:{url.Port}:{addresses}"]);
        }
        // .NET's canonical form of the URL that was checked, so git and curl parse the host the checks parsed.
        return new GitSource(url.AbsoluteUri, options, null);
    }

    private static RefNotBuildableException Blocked(string reason) => new(BlockedPrefix + reason);
}
