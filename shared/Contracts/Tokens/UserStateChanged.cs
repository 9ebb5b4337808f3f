namespace WvsMesh.Contracts.Tokens;

/// <summary>A user was blocked or unblocked (<see cref="State"/> is <c>active</c> or <c>blocked</c>).</summary>
public sealed record UserStateChanged(long UserId, string State);
