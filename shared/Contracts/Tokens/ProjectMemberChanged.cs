namespace WvsMesh.Contracts.Tokens;

/// <summary>
/// A user's access to a project changed: added, re-levelled, removed, or the project deleted. <see cref="AccessLevel"/>
/// is the new level (GitLab's 10–50), 0 when the user no longer has access.
/// </summary>
public sealed record ProjectMemberChanged(long ProjectId, long UserId, int AccessLevel);
