namespace WvsMesh.Contracts.Tokens;

/// <summary>
/// The gateway asks Tokens whether <see cref="Password"/> is <see cref="Username"/>'s password (the web UI's sign-in form).
/// Answered by <see cref="CallerIdentityResolved"/> (no project: <c>ProjectId</c> null, access 0) or, for an unknown user, a
/// wrong password, a user without a password or a blocked user alike, <see cref="CallerIdentityRejected"/>. The password
/// is in this message only: it is never logged, stored or put in a span.
/// </summary>
public sealed record PasswordSignInRequested(string Username, string Password);
