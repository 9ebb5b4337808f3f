using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace WvsMesh.Gateway.Ui;

/// <summary>The security headers every page and asset of the web UI carries.</summary>
internal static class UiHeaders
{
    /// <summary>The request header a cookie-authenticated unsafe API call carries its session's CSRF token in.</summary>
    public const string CsrfToken = "X-CSRF-Token";

    public const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'";

    public static TBuilder WithUiHeaders<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(static (context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            return next(context);
        });
}
