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
internal sealed class RepositoryMirror(IOptions<WvsOptions> options, ILogger<RepositoryMirror> logger)
{
    public const string ReferenceNotFound = "Reference not found";
    public const string RefAmbiguous = "Ref is ambiguous";

    private readonly ConcurrentDictionary<long, SemaphoreSlim> _locks = new();

    /// <summary>Refreshes the mirror of <paramref name="projectId"/> and resolves <paramref name="reference"/> to a commit.</summary>
    public async Task<ResolvedRef> ResolveAsync(long projectId, string repositoryUrl, string reference, CancellationToken ct)
    {
        var name = RefNames.Normalize(reference) ?? throw new RefNotBuildableException(ReferenceNotFound);
        var wantBranch = !reference.StartsWith("refs/tags/", StringComparison.Ordinal);
        var wantTag = !reference.StartsWith("refs/heads/", StringComparison.Ordinal);
        var mirror = await RefreshAsync(projectId, repositoryUrl, ct);

        var listing = await Git.RunAsync(mirror, ["for-each-ref", "--format=%(refname)%09%(objectname)%09%(*objectname)", "--", $"refs/heads/{name}", $"refs/tags/{name}"], ct);
        string? branchSha = null, tagSha = null;
        foreach (var line in listing.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t');
            var sha = fields.Length > 2 && fields[2].Length > 0 ? fields[2] : fields[1];
            if (wantBranch && fields[0] == $"refs/heads/{name}")
            {
                branchSha = sha;
            }
            else if (wantTag && fields[0] == $"refs/tags/{name}")
            {
                tagSha = sha;
            }
        }
        if (branchSha is not null && tagSha is not null)
        {
            throw new RefNotBuildableException(RefAmbiguous);
        }
        var commit = branchSha ?? tagSha ?? throw new RefNotBuildableException(ReferenceNotFound);
        var when = await Git.RunAsync(mirror, ["show", "-s", "--format=%cI", commit], ct);
        DateTimeOffset? committedAt = when.Succeeded && DateTimeOffset.TryParse(when.Output.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at.ToUniversalTime()
            : null;
        return new ResolvedRef(name, commit, tagSha is not null, committedAt);
    }

    /// <summary>The content of <paramref name="path"/> at <paramref name="sha"/>, or null when the commit has no such file.</summary>
    public async Task<string?> ReadFileAsync(long projectId, string sha, string path, CancellationToken ct)
    {
        var result = await Git.RunAsync(MirrorPath(projectId), ["cat-file", "blob", $"{sha}:{path}"], ct);
        return result.Succeeded ? result.Output : null;
    }

    private async Task<string> RefreshAsync(long projectId, string repositoryUrl, CancellationToken ct)
    {
        var mirror = MirrorPath(projectId);
        var gate = _locks.GetOrAdd(projectId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (Directory.Exists(mirror))
            {
                var fetch = await Git.RunAsync(mirror, ["fetch", "--prune", "--quiet", "--", repositoryUrl, "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"], ct);
                if (!fetch.Succeeded)
                {
                    // An unreachable source still leaves the last mirrored refs usable. The URL may hold credentials: not logged.
                    PipelinesLog.MirrorRefreshFailed(logger, projectId, fetch.ExitCode);
                }
                return mirror;
            }
            var staging = mirror + ".tmp-" + Guid.NewGuid().ToString("N");
            var clone = await Git.RunAsync(null, ["clone", "--mirror", "--quiet", "--", repositoryUrl, staging], ct);
            if (!clone.Succeeded)
            {
                throw new RefNotBuildableException(ReferenceNotFound);
            }
            Directory.Move(staging, mirror);
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
