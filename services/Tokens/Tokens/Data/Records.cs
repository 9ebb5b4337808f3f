namespace WvsMesh.Tokens.Data;

/// <summary>A user account.</summary>
internal sealed record User
{
    public required long Id { get; init; }
    public required string Username { get; init; }
    public required string Name { get; init; }
    public string? Email { get; init; }
    public bool IsAdmin { get; init; }
    public string State { get; init; } = "active";
    public DateTimeOffset CreatedAt { get; init; }

    public bool IsActive => State == "active";
}

/// <summary>A project and the repository its pipelines build.</summary>
internal sealed record Project
{
    public required long Id { get; init; }
    public required string Name { get; init; }
    public required string Path { get; init; }
    public required string Namespace { get; init; }
    public required string FullPath { get; init; }
    public required string ImportUrl { get; init; }
    public required string DefaultBranch { get; init; }
    public long CreatorId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A trigger token; <see cref="TokenCiphertext"/> is the encrypted token, readable again by its owner.</summary>
internal sealed record TriggerToken
{
    public required long Id { get; init; }
    public required long ProjectId { get; init; }
    public required long OwnerId { get; init; }
    public string? Description { get; init; }
    public required byte[] TokenCiphertext { get; init; }
    public required string ShortToken { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
