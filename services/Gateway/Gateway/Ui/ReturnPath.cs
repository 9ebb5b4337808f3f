using System.Globalization;
using System.Text;

namespace WvsMesh.Gateway.Ui;

/// <summary>Where sign-in sends the browser: only a path on this site, so the form can never become an open redirect.</summary>
internal static class ReturnPath
{
    public const string Home = "/";

    /// <summary>
    /// <paramref name="candidate"/> when it is a local path (one leading <c>/</c>, then no <c>/</c> or <c>\</c>, which
    /// browsers read as <c>//</c>, and no control characters or whitespace), with anything beyond ASCII percent-encoded as
    /// UTF-8 so it can be a <c>Location</c> header; otherwise <see cref="Home"/>.
    /// </summary>
    public static string LocalOrHome(string? candidate) =>
        candidate is { Length: > 0 and <= 2048 } path
        && path[0] == '/'
        && (path.Length == 1 || path[1] is not ('/' or '\\'))
        && !path.Contains('\\', StringComparison.Ordinal)
        && !path.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
            ? AsciiOnly(path)
            : Home;

    // A header value beyond ASCII makes Kestrel refuse the whole response (a 500); browsers decode %C3%BC back to ü. #13
    private static string AsciiOnly(string path)
    {
        if (path.All(char.IsAscii))
        {
            return path;
        }
        var ascii = new StringBuilder(path.Length * 3);
        foreach (var b in Encoding.UTF8.GetBytes(path))
        {
            if (b < 0x80)
            {
                ascii.Append((char)b);
            }
            else
            {
                ascii.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
            }
        }
        return ascii.ToString();
    }
}
