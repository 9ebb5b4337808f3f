namespace WvsMesh.Contracts.Tokens;

/// <summary>The token is unknown, revoked or expired, or its user is blocked; the caller gets 401.</summary>
public sealed record CallerIdentityRejected(string Reason);
