namespace WvsMesh.Contracts.Tokens;

/// <summary>
/// The holder of a valid personal access token: the user, whether they are an admin, and their access level
/// (GitLab's 0–50) in the requested project, whose numeric id is <see cref="ProjectId"/> (null when it does not exist).
/// </summary>
public sealed record CallerIdentityResolved(long UserId, string Username, bool IsAdmin, long? ProjectId, int AccessLevel)
{
    /// <summary>
    /// The personal access token's scopes, space-separated as GitLab stores them (<c>api read_user</c>). Null for a web UI
    /// session, which no token restricts (it acts like <c>api</c>), and from senders that predate scopes.
    /// </summary>
    public string? Scopes { get; init; }
}
