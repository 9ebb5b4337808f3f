using WvsMesh.ServiceDefaults.Network;

namespace WvsMesh.ServiceDefaults.Repositories;

/// <summary>What an <c>import_url</c> names: a repository reached over <c>http(s)</c>, or one on this machine.</summary>
public abstract record ImportSource
{
    private ImportSource()
    {
    }

    /// <summary>An <c>http</c> or <c>https</c> URL with a host (credentials, if any, in its user-info part).</summary>
    public sealed record Remote(Uri Url) : ImportSource;

    /// <summary>A path on this machine, given as a path or a <c>file://</c> URL (percent-escapes decoded).</summary>
    public sealed record Local(string Path) : ImportSource;

    /// <summary>The source <paramref name="importUrl"/> names, or null for anything else (<c>ftp://</c>, <c>git://</c>, <c>ssh</c>, <c>host:path</c>, <c>ext::</c>…).</summary>
    public static ImportSource? Parse(string importUrl)
    {
        var value = importUrl.Trim();
        if (value.StartsWith('/') || value is "." or ".." || value.StartsWith("./", StringComparison.Ordinal) || value.StartsWith("../", StringComparison.Ordinal))
        {
            return new Local(value);
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            return null;
        }
        if (uri.Scheme == Uri.UriSchemeFile)
        {
            return uri.Host is "" or "localhost" ? new Local(uri.LocalPath) : null;
        }
        return OutboundUrls.IsHttp(uri) ? new Remote(uri) : null;
    }

    /// <summary>
    /// <paramref name="url"/> without the <c>user:password@</c> of its authority, the rest as written: how an import URL
    /// is shown to a Maintainer and given to a job (#13).
    /// </summary>
    public static string WithoutUserInfo(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return url;
        }
        var start = scheme + 3;
        var end = url.IndexOfAny(['/', '?', '#'], start);
        var authority = end < 0 ? url[start..] : url[start..end];
        var at = authority.LastIndexOf('@');
        return at < 0 ? url : url[..start] + authority[(at + 1)..] + (end < 0 ? "" : url[end..]);
    }
}
