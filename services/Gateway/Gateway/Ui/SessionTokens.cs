using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using WvsMesh.ServiceDefaults.Identity;

namespace WvsMesh.Gateway.Ui;

/// <summary>
/// The session cookie's value, <c>v1.&lt;userId&gt;.&lt;sessionId&gt;.&lt;expires&gt;.&lt;signature&gt;</c>: the signature is
/// HMAC-SHA256 of everything before it under a key every gateway replica derives from <c>WVS_IDENTITY_KEY</c> (HKDF with
/// its own label, so it is never the identity-signing key itself; the all-in-one host's random per-process key ends its
/// sessions on restart). A session's CSRF token is base64url(HMAC-SHA256("csrf:" + session id)) under the same key.
/// Sign-out is recorded in Tokens, which refuses the session at every replica (the edge asks Tokens who a session is);
/// each replica also remembers the sessions it heard were signed out, until they would have expired anyway.
/// </summary>
internal sealed class SessionTokens(IOptions<IdentityOptions> identity, IOptions<UiOptions> options, TimeProvider clock, IMemoryCache signedOut)
{
    private const string Version = "v1";

    private readonly byte[] _key = HKDF.DeriveKey(
        HashAlgorithmName.SHA256,
        Encoding.UTF8.GetBytes(identity.Value.SigningKey ?? throw new InvalidOperationException("WVS_IDENTITY_KEY is not set.")),
        outputLength: 32,
        salt: [],
        info: "WvsMesh.Gateway.UiSession.v1"u8.ToArray());

    /// <summary>A new session of <paramref name="userId"/> (a new random id, so a session is never fixed before sign-in).</summary>
    public (Session Session, string CookieValue) Issue(long userId)
    {
        var session = new Session(userId, WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16)),
            DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().Add(options.Value.SessionLifetime).ToUnixTimeSeconds()));
        var payload = string.Create(CultureInfo.InvariantCulture, $"{Version}.{session.UserId}.{session.Id}.{session.Expires.ToUnixTimeSeconds()}");
        return (session, payload + "." + Mac(payload));
    }

    /// <summary>The session in <paramref name="cookieValue"/>, or null when it is malformed, forged, expired or signed out.</summary>
    public Session? Verify(string? cookieValue)
    {
        var parts = cookieValue?.Split('.');
        if (parts is not [Version, var user, var id, var expires, var signature] || cookieValue is null)
        {
            return null;
        }
        byte[] presented;
        try
        {
            presented = WebEncoders.Base64UrlDecode(signature);
        }
        catch (FormatException)
        {
            return null;
        }
        var expected = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(cookieValue[..cookieValue.LastIndexOf('.')]));
        if (!CryptographicOperations.FixedTimeEquals(expected, presented)
            || !long.TryParse(user, NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt)
            || expiresAt <= clock.GetUtcNow().ToUnixTimeSeconds()
            || signedOut.TryGetValue(SignedOutKey(id), out _))
        {
            return null;
        }
        return new Session(userId, id, DateTimeOffset.FromUnixTimeSeconds(expiresAt));
    }

    /// <summary>The CSRF token pages send back in <c>X-CSRF-Token</c> or <c>authenticity_token</c>.</summary>
    public string CsrfToken(Session session) => Mac("csrf:" + session.Id);

    /// <summary>True when <paramref name="presented"/> is <paramref name="session"/>'s CSRF token (compared in constant time).</summary>
    public bool IsCsrfToken(Session session, string? presented) =>
        PresentedSecret.Matches(CsrfToken(session), presented);

    /// <summary>Refuses session <paramref name="sessionId"/> from now on at this replica (Tokens refuses it at every one).</summary>
    public void Ended(string sessionId, DateTimeOffset expires) =>
        signedOut.Set(SignedOutKey(sessionId), true, new MemoryCacheEntryOptions { AbsoluteExpiration = expires });

    private string Mac(string text) => WebEncoders.Base64UrlEncode(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text)));

    private static (string, string) SignedOutKey(string sessionId) => ("ui-session-signed-out", sessionId);
}
