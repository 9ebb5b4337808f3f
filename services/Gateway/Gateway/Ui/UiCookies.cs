using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace WvsMesh.Gateway.Ui;

/// <summary>The two cookies of the web UI and their flags.</summary>
internal static class UiCookies
{
    /// <summary>The session (<see cref="SessionTokens"/>): HttpOnly, SameSite=Lax so links into the app work, Path=/.</summary>
    public const string Session = "wvs_session";

    /// <summary>
    /// The sign-in form's double-submit token: random, HttpOnly, SameSite=Strict and only sent to <c>/users</c>, so a
    /// form posted from another site carries no cookie to match.
    /// </summary>
    public const string SignInForgery = "wvs_csrf";

    private const int ForgeryTokenLength = 43; // base64url of 32 bytes

    public static string? SessionValue(HttpRequest request) => request.Cookies[Session];

    public static void SetSession(HttpContext context, string value, DateTimeOffset expires) =>
        context.Response.Cookies.Append(Session, value, Options(context, "/", SameSiteMode.Lax, expires));

    public static void ClearSession(HttpContext context) =>
        context.Response.Cookies.Delete(Session, Options(context, "/", SameSiteMode.Lax, null));

    /// <summary>The sign-in form's token: the one the browser already holds (so two open tabs both work), else a new one.</summary>
    public static string IssueSignInForgeryToken(HttpContext context)
    {
        if (context.Request.Cookies[SignInForgery] is { Length: ForgeryTokenLength } held)
        {
            return held;
        }
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        context.Response.Cookies.Append(SignInForgery, token, Options(context, "/users", SameSiteMode.Strict, null));
        return token;
    }

    /// <summary>True when the form's <paramref name="presented"/> token equals the cookie's (in constant time).</summary>
    public static bool IsSignInForgeryToken(HttpRequest request, string? presented) =>
        request.Cookies[SignInForgery] is { Length: ForgeryTokenLength } held && PresentedSecret.Matches(held, presented);

    public static void ClearSignInForgery(HttpContext context) =>
        context.Response.Cookies.Delete(SignInForgery, Options(context, "/users", SameSiteMode.Strict, null));

    private static CookieOptions Options(HttpContext context, string path, SameSiteMode sameSite, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = sameSite,
        Path = path,
        Expires = expires,
        IsEssential = true,
    };
}
