namespace WvsMesh.Contracts.Tokens;

/// <summary>Session <see cref="SessionId"/> of <see cref="UserId"/> is over until it would have expired (<see cref="Expires"/>).</summary>
public sealed record SessionEnded(long UserId, string SessionId, DateTimeOffset Expires);
