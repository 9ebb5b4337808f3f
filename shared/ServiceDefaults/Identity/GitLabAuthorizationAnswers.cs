using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using WvsMesh.ServiceDefaults.Http;

namespace WvsMesh.ServiceDefaults.Identity;

/// <summary>GitLab's body when a token's scopes do not admit a route (<c>rack-oauth2</c>'s <c>Forbidden</c>).</summary>
internal sealed record InsufficientScope(string Error, string ErrorDescription, string Scope);

/// <summary>
/// The one place a refused caller gets GitLab's answer, before the endpoint runs (so before its body is read or
/// parsed): no valid identity is 401; a token whose scopes do not admit the route 403 <c>insufficient_scope</c>
/// (GitLab's <c>api_guard.rb</c>, checked first as GitLab does while finding the user); then a missing project or a
/// non-member 404 <c>Project Not Found</c>; a member below the role, or no admin, 403.
/// </summary>
internal sealed class GitLabAuthorizationAnswers : IAuthorizationMiddlewareResultHandler
{
    private const string ScopeDescription = "The request requires higher privileges than provided by the access token.";

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await next(context);
            return;
        }
        var refusals = authorizeResult.AuthorizationFailure?.FailureReasons.OfType<CallerRefusal>().ToList() ?? [];
        IResult answer;
        if (authorizeResult.Challenged)
        {
            answer = GitLabErrors.Unauthorized();
        }
        else if (refusals.FirstOrDefault(refusal => refusal.Kind == RefusalKind.InsufficientScope) is { } scope)
        {
            var scopes = string.Join(' ', scope.Scopes);
            // GitLab leaves this header out (a FIXME in api_guard.rb); RFC 6750 §3.1 asks for it, and clients ignore it.
            context.Response.Headers.WWWAuthenticate =
                $"Bearer realm=\"The API\", error=\"insufficient_scope\", error_description=\"{ScopeDescription}\", scope=\"{scopes}\"";
            answer = TypedResults.Json(new InsufficientScope("insufficient_scope", ScopeDescription, scopes), statusCode: StatusCodes.Status403Forbidden);
        }
        else if (refusals.Any(refusal => refusal.Kind == RefusalKind.ProjectNotFound))
        {
            answer = GitLabErrors.Status(StatusCodes.Status404NotFound, "404 Project Not Found");
        }
        else
        {
            answer = GitLabErrors.Forbidden();
        }
        await answer.ExecuteAsync(context);
    }
}
