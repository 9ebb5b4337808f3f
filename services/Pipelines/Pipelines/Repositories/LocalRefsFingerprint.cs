using System.Globalization;
using System.Text;

namespace WvsMesh.Pipelines.Repositories;

/// <summary>
/// For a repository on this machine (a path or <c>file://</c> URL): a fingerprint of its refs — every loose ref file's
/// path, size and time, and <c>packed-refs</c> — that changes whenever a branch or tag is created, moved or deleted.
/// Null for remote repositories, which are always fetched.
/// </summary>
internal static class LocalRefsFingerprint
{
    public static string? Of(string repositoryUrl)
    {
        var path = Uri.TryCreate(repositoryUrl, UriKind.Absolute, out var uri)
            ? uri.IsFile ? uri.LocalPath : null
            : repositoryUrl;
        if (path is null)
        {
            return null;
        }
        var gitDir = Directory.Exists(Path.Combine(path, ".git")) ? Path.Combine(path, ".git") : path;
        var refs = Path.Combine(gitDir, "refs");
        if (!Directory.Exists(refs))
        {
            return null;
        }
        var print = new StringBuilder();
        foreach (var file in new[] { Path.Combine(gitDir, "packed-refs") }
            .Concat(Directory.EnumerateFiles(refs, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)))
        {
            var info = new FileInfo(file);
            if (info.Exists)
            {
                print.Append(file).Append('|').Append(info.Length.ToString(CultureInfo.InvariantCulture)).Append('|')
                    .Append(info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }
        return print.ToString();
    }
}
