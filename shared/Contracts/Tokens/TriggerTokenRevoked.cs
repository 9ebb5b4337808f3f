namespace WvsMesh.Contracts.Tokens;

/// <summary>A trigger token was revoked for good; pipelines it started keep showing its <see cref="ShortToken"/>.</summary>
public sealed record TriggerTokenRevoked(long ProjectId, long TriggerId, string ShortToken);
