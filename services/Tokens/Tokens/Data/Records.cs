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

    /// <summary>An admin gave the local path or <c>file://</c> URL <see cref="ImportUrl"/> names, so Pipelines may read it.</summary>
    public bool LocalImportApproved { get; init; }
    public required string DefaultBranch { get; init; }
    public long CreatorId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary><c>no_one_allowed</c>, <c>developer</c>, <c>maintainer</c> or <c>owner</c>: who may pass pipeline variables.</summary>
    public string PipelineVariablesRole { get; init; } = "developer";
}

/// <summary>A trigger token; <see cref="TokenCiphertext"/> is the encrypted token, readable again by its owner.</summary>
internal sealed record TriggerToken
{
    public required long Id { get; init; }
    public required long ProjectId { get; init; }
    public required long OwnerId { get; init; }
    public string? Description { get; init; }
    public required byte[] TokenCiphertext { get; init; }
    public required string TokenDigest { get; init; }
    public required string ShortToken { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    public string? PreviousTokenDigest { get; init; }
    public DateTimeOffset? PreviousValidUntil { get; init; }

    /// <summary>Ref patterns this token may build (one per line); null for any ref.</summary>
    public string? AllowedRefs { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
    public string? LastUsedIp { get; init; }

    /// <summary>When set, deliveries with this token must be signed with this (encrypted) secret.</summary>
    public byte[]? SigningSecretCiphertext { get; init; }

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    /// <summary>True when <paramref name="digest"/> is this token's current digest, or its previous one still in its grace period.</summary>
    public bool Accepts(string digest, DateTimeOffset now) =>
        digest == TokenDigest || (digest == PreviousTokenDigest && PreviousValidUntil > now);

    public IReadOnlyList<string> AllowedRefPatterns() =>
        AllowedRefs is null ? [] : AllowedRefs.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>A personal access token, without its secret (only the digest is ever stored).</summary>
internal sealed record PersonalAccessToken
{
    public required long Id { get; init; }
    public required long UserId { get; init; }
    public required string Name { get; init; }
    public required string Scopes { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
}

/// <summary>A project member with their user's fields.</summary>
internal sealed record Member
{
    public required long Id { get; init; }
    public required string Username { get; init; }
    public required string Name { get; init; }
    public required string State { get; init; }
    public required int AccessLevel { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A protected branch rule; levels are GitLab's (0 no one, 30 Developers, 40 Maintainers, 60 admins).</summary>
internal sealed record ProtectedBranch
{
    public required long Id { get; init; }
    public required long ProjectId { get; init; }
    public required string Name { get; init; }
    public required int PushAccessLevel { get; init; }
    public required int MergeAccessLevel { get; init; }
    public bool AllowForcePush { get; init; }
}

/// <summary>A protected tag rule.</summary>
internal sealed record ProtectedTag
{
    public required long Id { get; init; }
    public required long ProjectId { get; init; }
    public required string Name { get; init; }
    public required int CreateAccessLevel { get; init; }
}

/// <summary>A user's sign-in credentials: the password's digest (PBKDF2), never the password.</summary>
internal sealed record Credentials
{
    public required long Id { get; init; }
    public required string Username { get; init; }
    public bool IsAdmin { get; init; }
    public string State { get; init; } = "active";
    public string? PasswordDigest { get; init; }

    public bool IsActive => State == "active";
}
