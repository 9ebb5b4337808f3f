using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace WvsMesh.ServiceDefaults.Security;

/// <summary>
/// The Standard Webhooks signature: <c>webhook-signature: v1,&lt;base64 HMAC-SHA256&gt;</c> over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>, as GitLab 19 signs project hooks and as signed trigger tokens verify
/// deliveries. The key is the base64-decoded part after <c>whsec_</c> when the secret has that prefix (GitLab's only
/// accepted form); WvsMesh also takes any other string, whose UTF-8 bytes are then the key.
/// </summary>
public static class StandardWebhookSignature
{
    public const string Prefix = "whsec_";

    /// <summary>True when <paramref name="signingToken"/> can key a signature (a <c>whsec_</c> token must hold base64).</summary>
    public static bool IsValidToken(string signingToken) => signingToken.Length > 0 && Key(signingToken) is { Length: > 0 };

    /// <summary>The <c>webhook-signature</c> header value.</summary>
    public static string Sign(string signingToken, string webhookId, long timestamp, ReadOnlySpan<byte> body) =>
        "v1," + Convert.ToBase64String(Hash(signingToken, webhookId, timestamp, body));

    /// <summary>The HMAC-SHA256 a <c>v1,</c> signature carries in base64, for comparing with a received one.</summary>
    public static byte[] Hash(string signingToken, string webhookId, long timestamp, ReadOnlySpan<byte> body)
    {
        var key = Key(signingToken) ?? throw new ArgumentException("The signing token is not valid base64 after whsec_.", nameof(signingToken));
        var prefix = Encoding.UTF8.GetBytes(webhookId + "." + timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return HMACSHA256.HashData(key, content);
    }

    /// <summary>The bytes <paramref name="text"/> encodes in base64; null when it is not base64 or encodes nothing.</summary>
    public static byte[]? FromBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) && written > 0 ? buffer[..written] : null;
    }

    private static byte[]? Key(string signingToken) =>
        signingToken.StartsWith(Prefix, StringComparison.Ordinal) ? FromBase64(signingToken[Prefix.Length..]) : Encoding.UTF8.GetBytes(signingToken);
}
