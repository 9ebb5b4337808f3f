namespace WvsMesh.Contracts.Pipelines;

/// <summary>The user a pipeline runs as, in GitLab's UserBasic shape.</summary>
public sealed record PipelineUser
{
    /// <summary>User id.</summary>
    public required long Id { get; init; }

    /// <summary>Login name.</summary>
    public required string Username { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary><c>active</c> or <c>blocked</c>.</summary>
    public string State { get; init; } = "active";

    /// <summary>Whether the account is locked.</summary>
    public bool Locked { get; init; }

    /// <summary>Avatar image address, if any.</summary>
    public string? AvatarUrl { get; init; }

    /// <summary>The user's profile page.</summary>
    public string? WebUrl { get; init; }
}
