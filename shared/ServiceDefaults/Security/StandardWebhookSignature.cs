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
    public static string Sign(string signingToken, string webhookId, long timestamp, ReadOnlySpan<byte> body)
    {
        var key = Key(signingToken) ?? throw new ArgumentException("The signing token is not valid base64 after whsec_.", nameof(signingToken));
        var prefix = Encoding.UTF8.GetBytes(webhookId + "." + timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    private static byte[]? Key(string signingToken)
    {
        if (!signingToken.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return Encoding.UTF8.GetBytes(signingToken);
        }
        var encoded = signingToken[Prefix.Length..];
        var buffer = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, buffer, out var written) && written > 0 ? buffer[..written] : null;
    }
}
