using Microsoft.AspNetCore.Http;
using WvsMesh.ServiceDefaults.Http;

namespace WvsMesh.Gateway.Edge;

/// <summary>
/// GitLab's body for what the proxy answers itself: a body over the route's <c>MaxRequestBodySize</c> fails as YARP
/// forwards it, and YARP answers a bare 413 (#13). The services' own answers pass through untouched.
/// </summary>
public static class ProxyAnswers
{
    /// <summary>Middleware for the reverse proxy's pipeline (<c>MapReverseProxy(proxy => proxy.Use(ProxyAnswers.InvokeAsync))</c>).</summary>
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        await next(context);
        if (context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await context.Response.WriteAsJsonAsync(new GitLabMessage("413 Request Entity Too Large"), GitLabJson.Options, context.RequestAborted);
        }
    }
}
