namespace WvsMesh.Pipelines.Repositories;

/// <summary>A trigger's ref resolved against the repository: the commit, whether it is a tag, and its bare name.</summary>
internal sealed record ResolvedRef(string Name, string Sha, bool IsTag, DateTimeOffset? CommittedAt);

/// <summary>Ref names as GitLab takes them: a branch or tag name, slashes allowed, or a full <c>refs/heads/…</c> / <c>refs/tags/…</c>.</summary>
internal static class RefNames
{
    /// <summary>The bare name (GitLab's <c>Gitlab::Git.ref_name</c>), or null when it can never name a ref (git's check-ref-format rules).</summary>
    public static string? Normalize(string reference)
    {
        var name = reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference["refs/heads/".Length..]
            : reference.StartsWith("refs/tags/", StringComparison.Ordinal) ? reference["refs/tags/".Length..]
            : reference;
        var valid = name.Length > 0
            && !name.StartsWith('-') && !name.StartsWith('/') && !name.EndsWith('/') && !name.EndsWith('.')
            && name.Split('/').All(part => !part.StartsWith('.') && !part.EndsWith(".lock", StringComparison.Ordinal))
            && !name.Contains("..", StringComparison.Ordinal) && !name.Contains("//", StringComparison.Ordinal)
            && !name.Contains("@{", StringComparison.Ordinal) && name != "@"
            && name.All(c => c > ' ' && c != '\u007f' && c is not ('~' or '^' or ':' or '?' or '*' or '[' or '\\'));
        return valid ? name : null;
    }
}
