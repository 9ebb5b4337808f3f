using System.Net;
using WvsMesh.ServiceDefaults.Network;

namespace WvsMesh.ServiceDefaults.Repositories;

/// <summary>
/// Which repositories a project may import (DESIGN.md, "Repositories"), in GitLab's URL-blocker words: <c>http(s)</c> on
/// port 80, 443 or above 1024, never to a local address unless <see cref="ImportOptions.AllowLocalRequests"/>; a local
/// path or <c>file://</c> only when an admin approved it, and never inside the data directory (where the mirrors, the
/// databases and the encryption key live). Tokens applies it when a project is created, Pipelines again before every
/// clone or fetch.
/// </summary>
public static class ImportUrlPolicy
{
    public const string DataDirectoryNotAllowed = "Requests to the data directory are not allowed";

    public const string PortNotAllowed = "Only allowed ports are 80, 443, and any over 1024";

    /// <summary>
    /// Why <paramref name="source"/> may not be imported, by the rules that need no DNS; null when it may.
    /// <paramref name="localApproved"/>: an admin gave (or approved) the source, so a local path is allowed.
    /// </summary>
    public static string? Refuse(ImportSource? source, bool localApproved, string dataDirectory) => source switch
    {
        ImportSource.Local local when localApproved => IsInside(local.Path, dataDirectory) ? DataDirectoryNotAllowed : null,
        ImportSource.Remote remote => remote.Url.Port is 80 or 443 or > 1024 ? null : PortNotAllowed,
        _ => OutboundUrls.SchemeNotAllowed,
    };

    /// <summary>The whole rule for a new project's <paramref name="importUrl"/>, resolving a remote host with <paramref name="resolve"/>.</summary>
    public static async Task<string?> RefuseAsync(
        string importUrl, bool isAdmin, bool allowLocalRequests, string dataDirectory,
        Func<string, CancellationToken, Task<IPAddress[]>> resolve, CancellationToken ct)
    {
        var source = ImportSource.Parse(importUrl);
        if (Refuse(source, isAdmin, dataDirectory) is { } refusal)
        {
            return refusal;
        }
        return source is ImportSource.Remote remote && !allowLocalRequests
            ? (await OutboundUrls.ResolveAsync(remote.Url.IdnHost, allowLocal: false, resolve, ct)).Refusal
            : null;
    }

    /// <summary>
    /// True when <paramref name="path"/>, as the kernel resolves it (symbolic links, <c>..</c>), is <paramref name="directory"/>
    /// or inside it — or is a work tree whose <c>.git</c> file (<c>gitdir: …</c>) sends git there.
    /// </summary>
    public static bool IsInside(string path, string directory)
    {
        var root = PhysicalPath.Of(directory).TrimEnd('/');
        bool Within(string candidate)
        {
            var physical = PhysicalPath.Of(candidate);
            return root.Length == 0 || physical == root || physical.StartsWith(root + "/", StringComparison.Ordinal);
        }

        var real = PhysicalPath.Of(path);
        if (Within(real))
        {
            return true;
        }
        var dotGit = Path.Join(real, ".git");
        return File.Exists(dotGit) && GitDirOf(dotGit) is { } gitDir && Within(gitDir.StartsWith('/') ? gitDir : Path.Join(real, gitDir));
    }

    private static string? GitDirOf(string dotGitFile)
    {
        try
        {
            using var reader = new StreamReader(dotGitFile);
            var line = reader.ReadLine();
            return line is not null && line.StartsWith("gitdir:", StringComparison.Ordinal) ? line["gitdir:".Length..].Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
