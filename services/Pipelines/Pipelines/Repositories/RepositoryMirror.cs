using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WvsMesh.ServiceDefaults;

namespace WvsMesh.Pipelines.Repositories;

/// <summary>Why a ref could not be built; the texts are GitLab's.</summary>
internal sealed class RefNotBuildableException(string message) : Exception(message);

/// <summary>
/// A bare mirror per project under <c>&lt;WVS_DATA_DIR&gt;/mirrors</c> (DESIGN.md, Repositories), and its refs in memory
/// (#14): a trigger resolves its ref in that table and starts no git process while the source is unchanged. A local
/// source counts as changed when its refs' fingerprint (<see cref="LocalRefsFingerprint"/>) does, so a push is what the
/// next trigger builds; a remote one is fetched again once its refs are <see cref="PipelinesOptions.RemoteRefsMaxAge"/>
/// old. A refresh (one fetch and one listing of the refs) is shared: the triggers of a project that arrive meanwhile
/// wait for it and use its table (single flight).
/// </summary>
internal sealed class RepositoryMirror(
    IOptions<WvsOptions> options, IOptions<PipelinesOptions> pipelines, RepositorySources sources, Git git, TimeProvider clock,
    ILogger<RepositoryMirror> logger)
{
    public const string ReferenceNotFound = "Reference not found";
    public const string RefAmbiguous = "Ref is ambiguous";

    private readonly ConcurrentDictionary<long, SemaphoreSlim> _locks = new();
    private readonly ConcurrentDictionary<long, MirroredRefs> _refs = new();
    private readonly LocalRefsFingerprint _fingerprints = new();

    /// <summary>
    /// Resolves <paramref name="reference"/> of <paramref name="projectId"/> to a commit, refreshing the mirror first when
    /// its source changed; <paramref name="localApproved"/>: an admin gave the (local) source (<see cref="RepositorySources"/>).
    /// </summary>
    public async Task<ResolvedRef> ResolveAsync(long projectId, string repositoryUrl, bool localApproved, string reference, CancellationToken ct)
    {
        var name = RefNames.Normalize(reference) ?? throw new RefNotBuildableException(ReferenceNotFound);
        // Judged on every trigger (no network, and for a local source remembered: it is judged afresh before git reads
        // it): a source the rules no longer allow is not read from the table either.
        var localPath = sources.Locate(repositoryUrl, localApproved);
        // A reading that never settled (the refs keep changing) is used for this refresh but not kept: the next trigger refreshes.
        var reading = localPath is null ? null : await _fingerprints.TakeAsync(localPath, ct);
        var fingerprint = reading?.Value;
        if (!_refs.TryGetValue(projectId, out var known) || !IsCurrent(known, repositoryUrl, fingerprint))
        {
            known = await RefreshAsync(projectId, repositoryUrl, localApproved, fingerprint, keep: reading is not { Settled: false }, ct);
        }
        return known.Resolve(name,
            wantBranch: !reference.StartsWith("refs/tags/", StringComparison.Ordinal),
            wantTag: !reference.StartsWith("refs/heads/", StringComparison.Ordinal));
    }

    /// <summary>Drops the refs held for <paramref name="projectId"/>: its next trigger fetches the source (an explicit refresh).</summary>
    public void Forget(long projectId) => _refs.TryRemove(projectId, out _);

    /// <summary>
    /// The content of <paramref name="path"/> at <paramref name="sha"/>, only its size when that is over
    /// <paramref name="limit"/> bytes (nothing more is read), or null when the commit has no such file.
    /// </summary>
    public Task<CommittedFile?> ReadFileAsync(long projectId, string sha, string path, int limit, CancellationToken ct) =>
        git.ReadBlobAsync(MirrorPath(projectId), $"{sha}:{path}", limit, ct);

    private bool IsCurrent(MirroredRefs known, string repositoryUrl, string? fingerprint) =>
        known.RepositoryUrl == repositoryUrl
        && (fingerprint is not null
            ? known.Fingerprint == fingerprint
            : known.Fingerprint is null && clock.GetUtcNow() - known.RefreshedAt < pipelines.Value.RemoteRefsMaxAge);

    private async Task<MirroredRefs> RefreshAsync(
        long projectId, string repositoryUrl, bool localApproved, string? fingerprint, bool keep, CancellationToken ct)
    {
        var gate = _locks.GetOrAdd(projectId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            // Another trigger may have refreshed it while this one waited.
            if (_refs.TryGetValue(projectId, out var known) && IsCurrent(known, repositoryUrl, fingerprint))
            {
                return known;
            }
            var source = await sources.PrepareAsync(repositoryUrl, localApproved, ct);
            var mirror = MirrorPath(projectId);
            var fetched = true;
            if (Directory.Exists(mirror))
            {
                var fetch = await git.RunAsync(mirror, [.. source.Options, "fetch", "--prune", "--quiet", "--", source.Url, "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"], ct);
                if (!fetch.Succeeded)
                {
                    // An unreachable source still leaves the last mirrored refs usable. The URL may hold credentials: not logged.
                    PipelinesLog.MirrorRefreshFailed(logger, projectId, fetch.ExitCode);
                    fetched = false;
                }
            }
            else
            {
                var staging = mirror + ".tmp-" + Guid.NewGuid().ToString("N");
                var clone = await git.RunAsync(null, [.. source.Options, "clone", "--mirror", "--quiet", "--", source.Url, staging], ct);
                if (!clone.Succeeded)
                {
                    throw new RefNotBuildableException(ReferenceNotFound);
                }
                Directory.Move(staging, mirror);
            }
            // A failed fetch of a local source, or one whose refs were changing as they were read, is tried again by the
            // next trigger (no fingerprint kept); of a remote one, once the refs are RemoteRefsMaxAge old again, so an
            // unreachable server is not asked on every trigger.
            var refreshed = new MirroredRefs(repositoryUrl, fetched && keep ? fingerprint : null, clock.GetUtcNow(), await ListAsync(mirror, ct));
            _refs[projectId] = refreshed;
            return refreshed;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Every branch and tag of the mirror with its commit (annotated tags peeled) and the commit's date, in one git process.</summary>
    private async Task<Dictionary<string, (string Sha, DateTimeOffset? CommittedAt)>> ListAsync(string mirror, CancellationToken ct)
    {
        var listing = await git.RunAsync(mirror, ["for-each-ref",
            "--format=%(refname)%09%(objectname)%09%(*objectname)%09%(committerdate:iso-strict)%09%(*committerdate:iso-strict)",
            "refs/heads", "refs/tags"], ct);
        var refs = new Dictionary<string, (string, DateTimeOffset?)>(StringComparer.Ordinal);
        foreach (var line in listing.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t');
            if (fields.Length < 5)
            {
                continue;
            }
            var peeled = fields[2].Length > 0;
            var date = peeled ? fields[4] : fields[3];
            refs[fields[0]] = (peeled ? fields[2] : fields[1],
                DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at.ToUniversalTime() : null);
        }
        return refs;
    }

    private string MirrorPath(long projectId)
    {
        var root = Path.Combine(options.Value.DataDirectory(), "mirrors");
        Directory.CreateDirectory(root);
        return Path.Combine(root, projectId.ToString(CultureInfo.InvariantCulture) + ".git");
    }

    /// <summary>A mirror's refs as last listed: from which source, at which local fingerprint (null: remote), and when.</summary>
    private sealed record MirroredRefs(
        string RepositoryUrl, string? Fingerprint, DateTimeOffset RefreshedAt, Dictionary<string, (string Sha, DateTimeOffset? CommittedAt)> Refs)
    {
        /// <summary>GitLab's reading of a name: a branch, a tag, or "Ref is ambiguous" when it is both and the caller did not say.</summary>
        public ResolvedRef Resolve(string name, bool wantBranch, bool wantTag)
        {
            var branch = wantBranch && Refs.TryGetValue("refs/heads/" + name, out var b) ? b : default((string Sha, DateTimeOffset? CommittedAt)?);
            var tag = wantTag && Refs.TryGetValue("refs/tags/" + name, out var t) ? t : default((string Sha, DateTimeOffset? CommittedAt)?);
            if (branch is not null && tag is not null)
            {
                throw new RefNotBuildableException(RefAmbiguous);
            }
            var (sha, committedAt) = branch ?? tag ?? throw new RefNotBuildableException(ReferenceNotFound);
            return new ResolvedRef(name, sha, tag is not null, committedAt);
        }
    }
}
