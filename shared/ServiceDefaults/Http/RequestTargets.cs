using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace WvsMesh.ServiceDefaults.Http;

/// <summary>
/// Refuses request targets that do not mean what they say, before anything routes them (#13):
/// a dot segment (<c>..</c>, <c>%2E%2E</c>) answers 404, a NUL anywhere in the path or query 400.
/// </summary>
/// <remarks>
/// Kestrel decodes <c>%2E</c> and then removes dot segments, so <c>DELETE /projects/5/triggers/%2E%2E</c> arrived as
/// <c>DELETE /projects/5</c> and deleted the project; YARP forwards the normalised path too. GitLab's router never
/// resolves dot segments, so the segment names nothing there: 404. A NUL is refused as GitLab's
/// <c>HandleMalformedStrings</c> does (and PostgreSQL could not store it). Registered as a startup filter, so it runs
/// first in every host.
/// </remarks>
internal sealed class RequestTargets : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
            if (HasDotSegment(rawTarget) || HasDotSegment(context.Request.Path.Value ?? ""))
            {
                await GitLabErrors.NotFound().ExecuteAsync(context);
                return;
            }
            if (HasNul(rawTarget) || HasNul(context.Request.Path.Value ?? "") || HasNul(context.Request.QueryString.Value ?? ""))
            {
                await GitLabErrors.Status(StatusCodes.Status400BadRequest, "400 Bad request").ExecuteAsync(context);
                return;
            }
            await nextMiddleware(context);
        });
        next(app);
    };

    /// <summary>True when a segment of the target's path is <c>.</c> or <c>..</c>, literally or percent-encoded.</summary>
    internal static bool HasDotSegment(string target)
    {
        var queryAt = target.IndexOf('?', StringComparison.Ordinal);
        var path = queryAt < 0 ? target : target[..queryAt];
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length is > 0 and <= 6 && Uri.UnescapeDataString(segment) is "." or "..")
            {
                return true;
            }
        }
        return false;
    }

    private static bool HasNul(string text) =>
        text.Contains('\0', StringComparison.Ordinal) || text.Contains("%00", StringComparison.Ordinal);
}
