using Microsoft.AspNetCore.Http;

namespace WvsMesh.Gateway.Ui;

/// <summary>What a session cookie may do on a path.</summary>
internal enum SessionScope
{
    /// <summary>Nothing: the sign-in form, assets, health, and the trigger endpoints (which authenticate by their own token).</summary>
    None,

    /// <summary><c>/api/v4/**</c>: the cookie authenticates, and unsafe methods need <c>X-CSRF-Token</c>.</summary>
    Api,

    /// <summary><c>/</c> and <c>/-/**</c> but assets: the pages, which need a signed-in user.</summary>
    Page,
}

/// <summary>Which <see cref="SessionScope"/> a request path is in (case-insensitive, as routing is).</summary>
internal static class SessionScopes
{
    public static SessionScope Of(PathString path)
    {
        if (path.StartsWithSegments("/api/v4"))
        {
            return IsTrigger(path) ? SessionScope.None : SessionScope.Api;
        }
        if (path == "/" || (path.StartsWithSegments("/-") && !path.StartsWithSegments("/-/assets")))
        {
            return SessionScope.Page;
        }
        return SessionScope.None;
    }

    /// <summary><c>/api/v4/projects/:id/trigger/pipeline</c> and <c>/api/v4/projects/:id/ref/:ref/trigger/pipeline</c>.</summary>
    internal static bool IsTrigger(PathString path)
    {
        if (!path.StartsWithSegments("/api/v4/projects", out var rest) || rest.Value is not { Length: > 1 } value)
        {
            return false;
        }
        var afterId = value.IndexOf('/', 1);
        if (afterId < 0)
        {
            return false;
        }
        var tail = value[afterId..].TrimEnd('/');
        return tail.Equals("/trigger/pipeline", StringComparison.OrdinalIgnoreCase)
            || (tail.StartsWith("/ref/", StringComparison.OrdinalIgnoreCase) && tail.EndsWith("/trigger/pipeline", StringComparison.OrdinalIgnoreCase));
    }
}
