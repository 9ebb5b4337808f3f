namespace WvsMesh.Gateway.Ui;

/// <summary>Where sign-in sends the browser: only a path on this site, so the form can never become an open redirect.</summary>
internal static class ReturnPath
{
    public const string Home = "/";

    /// <summary>
    /// <paramref name="candidate"/> when it is a local path (one leading <c>/</c>, then no <c>/</c> or <c>\</c>, which
    /// browsers read as <c>//</c>, and no control characters or whitespace); otherwise <see cref="Home"/>.
    /// </summary>
    public static string LocalOrHome(string? candidate) =>
        candidate is { Length: > 0 and <= 2048 } path
        && path[0] == '/'
        && (path.Length == 1 || path[1] is not ('/' or '\\'))
        && !path.Contains('\\', StringComparison.Ordinal)
        && !path.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
            ? path
            : Home;
}
