using System.Text.Json.Serialization;
using WvsMesh.ServiceDefaults.Repositories;
using WvsMesh.Tokens.Data;

namespace WvsMesh.Tokens.Api;

/// <summary>GitLab's <c>UserBasic</c>.</summary>
internal sealed record UserBasicEntity(long Id, string Username, string Name, string State, bool Locked, string? AvatarUrl, string WebUrl)
{
    public static UserBasicEntity From(User user, string externalUrl) =>
        new(user.Id, user.Username, user.Name, user.State, false, null, $"{externalUrl}/{user.Username}");
}

/// <summary>GitLab's <c>User</c> as <c>GET /user</c> shows it to the user themself.</summary>
internal sealed record UserEntity(
    long Id, string Username, string Name, string State, bool Locked, string? AvatarUrl, string WebUrl,
    string? Email, bool IsAdmin, DateTimeOffset CreatedAt)
{
    public static UserEntity From(User user, string externalUrl) =>
        new(user.Id, user.Username, user.Name, user.State, false, null, $"{externalUrl}/{user.Username}", user.Email, user.IsAdmin, user.CreatedAt);
}

/// <summary>The namespace part of a project, GitLab's <c>NamespaceBasic</c>.</summary>
internal sealed record NamespaceEntity(string Name, string Path, string Kind, string FullPath);

/// <summary>
/// GitLab's <c>Project</c>, the fields WvsMesh keeps. <see cref="ImportUrl"/> only for those who administer the project
/// (Maintainers, Owners, admins — GitLab's <c>admin_project</c>) and without its user-info part (<c>user:password@</c>),
/// as GitLab keeps import credentials apart from the URL it shows (#13).
/// </summary>
internal sealed record ProjectEntity(
    long Id, string? Description, string Name, string NameWithNamespace, string Path, string PathWithNamespace,
    DateTimeOffset CreatedAt, string DefaultBranch, string WebUrl,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ImportUrl,
    string Visibility, NamespaceEntity Namespace, string CiPipelineVariablesMinimumOverrideRole, bool RestrictUserDefinedVariables)
{
    /// <summary>The project as a viewer sees it; <paramref name="administers"/>: Maintainer or above, or an admin.</summary>
    public static ProjectEntity From(Project project, string externalUrl, bool administers) => new(
        project.Id, null, project.Name, $"{project.Namespace} / {project.Name}", project.Path, project.FullPath,
        project.CreatedAt, project.DefaultBranch, $"{externalUrl}/{project.FullPath}",
        administers ? ImportSource.WithoutUserInfo(project.ImportUrl) : null, "private",
        new NamespaceEntity(project.Namespace, project.Namespace, "user", project.Namespace),
        project.PipelineVariablesRole, project.PipelineVariablesRole != "developer");
}

/// <summary>
/// GitLab's <c>BasicProjectDetails</c>, as the job-token allowlist lists projects: identity and links, never the import URL
/// (#13). <see cref="DefaultBranch"/> only for a viewer who can read the project, as GitLab shows it.
/// </summary>
internal sealed record BasicProjectEntity(
    long Id, string? Description, string Name, string NameWithNamespace, string Path, string PathWithNamespace,
    DateTimeOffset CreatedAt, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DefaultBranch,
    IReadOnlyList<string> TagList, IReadOnlyList<string> Topics, string WebUrl, string? AvatarUrl, int StarCount,
    DateTimeOffset LastActivityAt, NamespaceEntity Namespace)
{
    public static BasicProjectEntity From(Project project, string externalUrl, bool readable) => new(
        project.Id, null, project.Name, $"{project.Namespace} / {project.Name}", project.Path, project.FullPath,
        project.CreatedAt, readable ? project.DefaultBranch : null, [], [], $"{externalUrl}/{project.FullPath}", null, 0,
        project.CreatedAt, new NamespaceEntity(project.Namespace, project.Namespace, "user", project.Namespace));
}

/// <summary>
/// GitLab's <c>Trigger</c>: <see cref="Token"/> is the full token for its owner and admins, else the short form.
/// Beyond GitLab: <see cref="AllowedRefs"/> (empty: any ref), <see cref="LastUsedIp"/>, and <see cref="SignatureRequired"/>
/// (the token has a signing secret, which is never shown).
/// </summary>
internal sealed record TriggerEntity(
    long Id, string Token, string? Description, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? LastUsed, DateTimeOffset? ExpiresAt, UserBasicEntity? Owner,
    IReadOnlyList<string> AllowedRefs, string? LastUsedIp, bool SignatureRequired);

/// <summary>GitLab's <c>PersonalAccessToken</c>; <see cref="Token"/> only in the answer that created it.</summary>
internal sealed record PersonalAccessTokenEntity(
    long Id, string Name, bool Revoked, DateTimeOffset CreatedAt, IReadOnlyList<string> Scopes, long UserId,
    DateTimeOffset? LastUsedAt, bool Active, DateTimeOffset? ExpiresAt, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Token)
{
    public static PersonalAccessTokenEntity From(PersonalAccessToken token, string? secret, DateTimeOffset now) => new(
        token.Id, token.Name, token.RevokedAt is not null, token.CreatedAt, token.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        token.UserId, token.LastUsedAt, token.RevokedAt is null && (token.ExpiresAt is null || token.ExpiresAt > now),
        token.ExpiresAt, secret);
}

/// <summary>GitLab's project <c>Member</c>.</summary>
internal sealed record MemberEntity(long Id, string Username, string Name, string State, int AccessLevel, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, string WebUrl)
{
    public static MemberEntity From(Member member, string externalUrl) =>
        new(member.Id, member.Username, member.Name, member.State, member.AccessLevel, member.CreatedAt, null, $"{externalUrl}/{member.Username}");
}

/// <summary>One access level of a protected ref, as GitLab lists them.</summary>
internal sealed record AccessLevelEntity(int AccessLevel, string AccessLevelDescription)
{
    public static AccessLevelEntity Of(int level) => new(level, level switch
    {
        0 => "No one",
        30 => "Developers + Maintainers",
        40 => "Maintainers",
        60 => "Administrators",
        _ => level.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });
}

/// <summary>GitLab's <c>ProtectedBranch</c>.</summary>
internal sealed record ProtectedBranchEntity(long Id, string Name, IReadOnlyList<AccessLevelEntity> PushAccessLevels, IReadOnlyList<AccessLevelEntity> MergeAccessLevels, bool AllowForcePush, bool CodeOwnerApprovalRequired)
{
    public static ProtectedBranchEntity From(ProtectedBranch branch) =>
        new(branch.Id, branch.Name, [AccessLevelEntity.Of(branch.PushAccessLevel)], [AccessLevelEntity.Of(branch.MergeAccessLevel)], branch.AllowForcePush, false);
}

/// <summary>GitLab's <c>ProtectedTag</c>.</summary>
internal sealed record ProtectedTagEntity(string Name, IReadOnlyList<AccessLevelEntity> CreateAccessLevels)
{
    public static ProtectedTagEntity From(ProtectedTag tag) => new(tag.Name, [AccessLevelEntity.Of(tag.CreateAccessLevel)]);
}
