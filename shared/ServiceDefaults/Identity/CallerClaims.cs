using System.Globalization;
using System.Security.Claims;

namespace WvsMesh.ServiceDefaults.Identity;

/// <summary>The claims a verified caller becomes, and back: the one place their names are written.</summary>
public static class CallerClaims
{
    /// <summary>Present (<c>true</c>) for an instance admin.</summary>
    public const string Admin = "wvs:admin";

    /// <summary>The numeric id of the route's project, absent when the route names none or it does not exist.</summary>
    public const string ProjectId = "wvs:project_id";

    /// <summary>The caller's GitLab access level (0–50) in the route's project.</summary>
    public const string AccessLevel = "wvs:access_level";

    /// <summary>One claim per token scope, OAuth's name for it; a caller no token restricts gets <c>api</c>.</summary>
    public const string Scope = "scope";

    /// <summary>The principal of <paramref name="caller"/>, authenticated by <paramref name="scheme"/>.</summary>
    public static ClaimsPrincipal Principal(CallerIdentity caller, string scheme)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, caller.UserId.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, caller.Username),
            new(AccessLevel, ((int)caller.Access).ToString(CultureInfo.InvariantCulture)),
        ];
        if (caller.IsAdmin)
        {
            claims.Add(new(Admin, "true"));
        }
        if (caller.ProjectId is { } projectId)
        {
            claims.Add(new(ProjectId, projectId.ToString(CultureInfo.InvariantCulture)));
        }
        var scopes = caller.Scopes?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [TokenScopes.Api];
        claims.AddRange(scopes.Select(scope => new Claim(Scope, scope)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>The caller <paramref name="principal"/> stands for; <see cref="CallerIdentity.Anonymous"/> when unauthenticated.</summary>
    public static CallerIdentity Caller(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true
            || !long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), CultureInfo.InvariantCulture, out var userId))
        {
            return CallerIdentity.Anonymous;
        }
        long? projectId = long.TryParse(principal.FindFirstValue(ProjectId), CultureInfo.InvariantCulture, out var id) ? id : null;
        var access = int.TryParse(principal.FindFirstValue(AccessLevel), CultureInfo.InvariantCulture, out var level) ? level : 0;
        return new CallerIdentity(userId, principal.FindFirstValue(ClaimTypes.Name) ?? "", principal.HasClaim(Admin, "true"), projectId, (Identity.AccessLevel)access)
        {
            Scopes = string.Join(' ', principal.FindAll(Scope).Select(claim => claim.Value)),
        };
    }
}
