namespace WvsMesh.Contracts.Tokens;

/// <summary>A personal access token of <see cref="UserId"/> was revoked; caches of that user's identity must go.</summary>
public sealed record PersonalAccessTokenRevoked(long UserId, long TokenId);
