using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WvsMesh.ServiceDefaults.Security;

namespace WvsMesh.Tokens.Domain;

/// <summary>Why a delivery's signature was not accepted; null <see cref="Problem"/> means it was.</summary>
internal sealed record SignatureCheck(string? Problem)
{
    public static SignatureCheck Valid { get; } = new((string?)null);

    public bool IsValid => Problem is null;
}

/// <summary>
/// Checks the signature of a delivery made with a trigger token that carries a signing secret. Two schemes:
/// GitHub's <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c> (key: the secret's UTF-8 bytes), and
/// Standard Webhooks (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature: v1,&lt;base64 HMAC-SHA256 of
/// "id.timestamp.body"&gt;</c>; key: the base64 after <c>whsec_</c>, else the secret's UTF-8 bytes) with a replay window on the
/// timestamp. A GitHub signature has no time in it, so its delivery must carry <c>X-GitHub-Delivery</c> (repeats are
/// de-duplicated on it). Comparisons take constant time.
/// </summary>
internal static class DeliverySignature
{
    public static SignatureCheck Verify(string secret, ReadOnlySpan<byte> body, IReadOnlyDictionary<string, string> headers, DateTimeOffset now, TimeSpan tolerance)
    {
        if (headers.TryGetValue(DeliverySignatureHeaders.Signature, out var standard) && standard.Length > 0)
        {
            return VerifyStandard(secret, body, headers, standard, now, tolerance);
        }
        if (headers.TryGetValue(DeliverySignatureHeaders.GitHub, out var github) && github.Length > 0)
        {
            return VerifyGitHub(secret, body, headers, github);
        }
        return new SignatureCheck("this trigger token requires signed deliveries: send X-Hub-Signature-256 or the Standard Webhooks headers");
    }

    /// <summary>Whether <paramref name="secret"/> is usable: at least 16 characters, and valid base64 after <c>whsec_</c>.</summary>
    public static string? Validate(string secret)
    {
        if (secret.Length < 16)
        {
            return "signing_secret must have at least 16 characters";
        }
        if (!StandardWebhookSignature.IsValidToken(secret))
        {
            return "signing_secret starting with whsec_ must continue in base64";
        }
        return null;
    }

    /// <summary>GitHub's signature of a body (<c>sha256=…</c>), as a sender computes it.</summary>
    public static string SignGitHub(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static SignatureCheck VerifyStandard(
        string secret, ReadOnlySpan<byte> body, IReadOnlyDictionary<string, string> headers, string signatures, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!headers.TryGetValue(DeliverySignatureHeaders.Id, out var id) || id.Length == 0
            || !headers.TryGetValue(DeliverySignatureHeaders.Timestamp, out var stamp)
            || !long.TryParse(stamp, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            return new SignatureCheck("webhook-signature needs webhook-id and a numeric webhook-timestamp");
        }
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > tolerance.TotalSeconds)
        {
            return new SignatureCheck(
                $"webhook-timestamp is outside the {tolerance.TotalSeconds:0}-second tolerance: a replayed or delayed delivery is refused");
        }
        var expected = StandardWebhookSignature.Hash(secret, id, timestamp, body);
        foreach (var candidate in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (candidate.StartsWith("v1,", StringComparison.Ordinal) && StandardWebhookSignature.FromBase64(candidate[3..]) is { } given
                && CryptographicOperations.FixedTimeEquals(given, expected))
            {
                return SignatureCheck.Valid;
            }
        }
        return new SignatureCheck("webhook-signature does not match the body");
    }

    private static SignatureCheck VerifyGitHub(string secret, ReadOnlySpan<byte> body, IReadOnlyDictionary<string, string> headers, string header)
    {
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        byte[]? given = null;
        if (header.StartsWith("sha256=", StringComparison.Ordinal))
        {
            try
            {
                given = Convert.FromHexString(header.AsSpan(7));
            }
            catch (FormatException)
            {
                given = null;
            }
        }
        if (given is null || !CryptographicOperations.FixedTimeEquals(given, expected))
        {
            return new SignatureCheck("X-Hub-Signature-256 does not match the body");
        }
        // GitHub signs the body only, no time: the delivery id is what tells a redelivery from a new one, so a signed
        // delivery without it (GitHub always sends one) is refused rather than left without de-duplication (#13).
        return headers.TryGetValue(DeliverySignatureHeaders.GitHubDelivery, out var delivery) && delivery.Length > 0
            ? SignatureCheck.Valid
            : new SignatureCheck("X-Hub-Signature-256 needs X-GitHub-Delivery");
    }
}
