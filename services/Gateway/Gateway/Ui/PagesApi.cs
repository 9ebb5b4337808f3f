using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace WvsMesh.Gateway.Ui;

/// <summary>
/// The web UI's pages: <c>/</c> and <c>/-/**</c> all answer the one app page (its script draws the view the path names,
/// reading the same <c>/api/v4</c> as any client), for a signed-in user only; <c>/-/assets/**</c> are its files.
/// </summary>
internal static class PagesApi
{
    public static RouteGroupBuilder MapPagesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/").WithUiHeaders().ExcludeFromDescription();
        group.MapGet("/", ShowApp);
        group.MapGet("/-/{**path}", ShowApp);
        group.MapGet("/-/assets/{**file}", GetAsset);
        return group;
    }

    private static Results<RedirectHttpResult, ContentHttpResult> ShowApp(HttpContext context, SessionTokens sessions, UiFiles files)
    {
        context.Response.Headers.CacheControl = "no-store";
        var request = context.Request;
        // The edge (CallerAuthentication) verified the cookie and asked Tokens who it is now; nobody means no session,
        // an expired or signed-out one, or a user since blocked or deleted.
        if (SignedInCaller.Of(context) is not { } signedIn)
        {
            if (UiCookies.SessionValue(request) is not null)
            {
                UiCookies.ClearSession(context);
            }
            return TypedResults.Redirect(SignInPage.Location(request.Path.ToUriComponent() + request.QueryString.ToUriComponent()));
        }
        var html = HtmlEncoder.Default;
        var page = files.AppPage
            .Replace("{{csrf_token}}", html.Encode(sessions.CsrfToken(signedIn.Session)), StringComparison.Ordinal)
            .Replace("{{username}}", html.Encode(signedIn.Caller.Username), StringComparison.Ordinal);
        return TypedResults.Content(page, SignInPage.HtmlContentType);
    }

    private static Results<FileContentHttpResult, NotFound> GetAsset(string file, HttpContext context, UiFiles files)
    {
        if (files.Asset(file) is not { } asset)
        {
            return TypedResults.NotFound();
        }
        // Asset names carry no version, so browsers revalidate each time (a 304 by the entity tag when unchanged).
        context.Response.Headers.CacheControl = "public, no-cache";
        return TypedResults.Bytes(asset.Content, asset.ContentType, entityTag: asset.ETag);
    }
}
