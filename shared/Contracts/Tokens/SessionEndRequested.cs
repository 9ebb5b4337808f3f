namespace WvsMesh.Contracts.Tokens;

/// <summary>
/// A web UI session was signed out at a gateway replica. Tokens records it until <see cref="Expires"/> (when the signed
/// cookie would stop working anyway) and refuses it from then on, at every replica; answered by <see cref="SessionEnded"/>,
/// which Tokens also publishes so each replica drops what it cached for the session.
/// </summary>
public sealed record SessionEndRequested(long UserId, string SessionId, DateTimeOffset Expires);
