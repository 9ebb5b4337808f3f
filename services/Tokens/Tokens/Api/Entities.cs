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

/// <summary>GitLab's <c>Project</c>, the fields WvsMesh keeps.</summary>
internal sealed record ProjectEntity(
    long Id, string? Description, string Name, string NameWithNamespace, string Path, string PathWithNamespace,
    DateTimeOffset CreatedAt, string DefaultBranch, string WebUrl, string ImportUrl, string Visibility, NamespaceEntity Namespace)
{
    public static ProjectEntity From(Project project, string externalUrl) => new(
        project.Id, null, project.Name, $"{project.Namespace} / {project.Name}", project.Path, project.FullPath,
        project.CreatedAt, project.DefaultBranch, $"{externalUrl}/{project.FullPath}", project.ImportUrl, "private",
        new NamespaceEntity(project.Namespace, project.Namespace, "user", project.Namespace));
}

/// <summary>GitLab's <c>Trigger</c>: <see cref="Token"/> is the full token for its owner and admins, else the short form.</summary>
internal sealed record TriggerEntity(
    long Id, string Token, string? Description, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? LastUsed, DateTimeOffset? ExpiresAt, UserBasicEntity? Owner);
