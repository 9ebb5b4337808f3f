using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace WvsMesh.ServiceDefaults.Http;

/// <summary>
/// Writes a trigger's answer, already serialised, as both trigger URLs give it: status,
/// JSON body, <c>Location</c> of a created pipeline, and on 429 <c>Retry-After</c> with the IETF <c>RateLimit-*</c>
/// headers GitLab sends.
/// </summary>
public static class TriggerAnswers
{
    public static ContentHttpResult Json(HttpResponse response, int statusCode, string body, string? location, int? retryAfterSeconds)
    {
        if (location is not null)
        {
            response.Headers.Location = location;
        }
        if (retryAfterSeconds is { } wait)
        {
            var seconds = wait.ToString(CultureInfo.InvariantCulture);
            response.Headers.RetryAfter = seconds;
            response.Headers["RateLimit-Remaining"] = "0";
            response.Headers["RateLimit-Reset"] = seconds;
        }
        return TypedResults.Text(body, "application/json", Encoding.UTF8, statusCode);
    }
}
