using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WvsMesh.ServiceDefaults;

namespace WvsMesh.Pipelines.Repositories;

/// <summary>Why a ref could not be built; the texts are GitLab's.</summary>
internal sealed class RefNotBuildableException(string message) : Exception(message);

/// <summary>
/// A bare mirror per project under <c>&lt;WVS_DATA_DIR&gt;/mirrors</c> (DESIGN.md, Repositories). Refs are fetched from the
/// source before each resolution, so a commit pushed to the source is what the next trigger builds.
/// </summary>
internal sealed class RepositoryMirror(IOptions<WvsOptions> options, RepositorySources sources, ILogger<RepositoryMirror> logger)
{
    public const string ReferenceNotFound = "Reference not found";
    public const string RefAmbiguous = "Ref is ambiguous";

    private readonly ConcurrentDictionary<long, SemaphoreSlim> _locks = new();
    private readonly ConcurrentDictionary<long, string> _fetchedAt = new();

    /// <summary>
    /// Refreshes the mirror of <paramref name="projectId"/> and resolves <paramref name="reference"/> to a commit;
    /// <paramref name="localApproved"/>: an admin gave the (local) source (<see cref="RepositorySources"/>).
    /// </summary>
    public async Task<ResolvedRef> ResolveAsync(long projectId, string repositoryUrl, bool localApproved, string reference, CancellationToken ct)
    {
        var name = RefNames.Normalize(reference) ?? throw new RefNotBuildableException(ReferenceNotFound);
        var wantBranch = !reference.StartsWith("refs/tags/", StringComparison.Ordinal);
        var wantTag = !reference.StartsWith("refs/heads/", StringComparison.Ordinal);
        var mirror = await RefreshAsync(projectId, await sources.PrepareAsync(repositoryUrl, localApproved, ct), ct);

        // One git process: both readings of the name, peeled for annotated tags, with the commit's date.
        var listing = await Git.RunAsync(mirror, ["for-each-ref",
            "--format=%(refname)%09%(objectname)%09%(*objectname)%09%(committerdate:iso-strict)%09%(*committerdate:iso-strict)",
            "--", $"refs/heads/{name}", $"refs/tags/{name}"], ct);
        (string Sha, string Date)? branch = null, tag = null;
        foreach (var line in listing.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t');
            var peeled = fields.Length > 4 && fields[2].Length > 0;
            var found = (peeled ? fields[2] : fields[1], fields.Length > 4 ? (peeled ? fields[4] : fields[3]) : "");
            if (wantBranch && fields[0] == $"refs/heads/{name}")
            {
                branch = found;
            }
            else if (wantTag && fields[0] == $"refs/tags/{name}")
            {
                tag = found;
            }
        }
        if (branch is not null && tag is not null)
        {
            throw new RefNotBuildableException(RefAmbiguous);
        }
        var (commit, date) = branch ?? tag ?? throw new RefNotBuildableException(ReferenceNotFound);
        DateTimeOffset? committedAt = DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at.ToUniversalTime() : null;
        return new ResolvedRef(name, commit, tag is not null, committedAt);
    }

    /// <summary>
    /// The content of <paramref name="path"/> at <paramref name="sha"/>, only its size when that is over
    /// <paramref name="limit"/> bytes (nothing more is read), or null when the commit has no such file.
    /// </summary>
    public Task<CommittedFile?> ReadFileAsync(long projectId, string sha, string path, int limit, CancellationToken ct) =>
        Git.ReadBlobAsync(MirrorPath(projectId), $"{sha}:{path}", limit, ct);

    private async Task<string> RefreshAsync(long projectId, GitSource source, CancellationToken ct)
    {
        var mirror = MirrorPath(projectId);
        var gate = _locks.GetOrAdd(projectId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            // A local source whose refs have not changed since the last fetch needs none (a fetch costs a few git processes).
            var fingerprint = source.LocalPath is { } local ? LocalRefsFingerprint.Of(local) : null;
            if (Directory.Exists(mirror) && fingerprint is not null && _fetchedAt.TryGetValue(projectId, out var known) && known == fingerprint)
            {
                return mirror;
            }
            if (Directory.Exists(mirror))
            {
                var fetch = await Git.RunAsync(mirror, [.. source.Options, "fetch", "--prune", "--quiet", "--", source.Url, "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"], ct);
                if (!fetch.Succeeded)
                {
                    // An unreachable source still leaves the last mirrored refs usable. The URL may hold credentials: not logged.
                    PipelinesLog.MirrorRefreshFailed(logger, projectId, fetch.ExitCode);
                }
                else if (fingerprint is not null)
                {
                    _fetchedAt[projectId] = fingerprint;
                }
                return mirror;
            }
            var staging = mirror + ".tmp-" + Guid.NewGuid().ToString("N");
            var clone = await Git.RunAsync(null, [.. source.Options, "clone", "--mirror", "--quiet", "--", source.Url, staging], ct);
            if (!clone.Succeeded)
            {
                throw new RefNotBuildableException(ReferenceNotFound);
            }
            Directory.Move(staging, mirror);
            if (fingerprint is not null)
            {
                _fetchedAt[projectId] = fingerprint;
            }
            return mirror;
        }
        finally
        {
            gate.Release();
        }
    }

    private string MirrorPath(long projectId)
    {
        var root = Path.Combine(options.Value.DataDirectory(), "mirrors");
        Directory.CreateDirectory(root);
        return Path.Combine(root, projectId.ToString(CultureInfo.InvariantCulture) + ".git");
    }
}
