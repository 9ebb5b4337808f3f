namespace WvsMesh.Contracts.Tokens;

/// <summary>
/// The gateway asks Tokens who holds a personal access token. Only the token's SHA-256 digest travels; the token never does.
/// <see cref="ProjectRef"/> is the route's project (numeric id or <c>namespace/path</c>), whose access level the answer includes.
/// Answered by <see cref="CallerIdentityResolved"/> or <see cref="CallerIdentityRejected"/>.
/// </summary>
public sealed record CallerIdentityRequested(string TokenDigest, string? ProjectRef)
{
    /// <summary>
    /// Set for a web UI session (whose cookie the gateway verified itself): who user <see cref="UserId"/> is now, refused
    /// when they no longer exist or are blocked; <see cref="TokenDigest"/> is then empty and ignored. Null (the default):
    /// look the user up by <see cref="TokenDigest"/>.
    /// </summary>
    public long? UserId { get; init; }

    /// <summary>The web UI session's random id (with <see cref="UserId"/>): refused once that session was signed out.</summary>
    public string? SessionId { get; init; }
}
