using System.Security.Cryptography;
using System.Text;

namespace WvsMesh.ServiceDefaults.Security;

/// <summary>
/// Encrypts secrets that must be read again (trigger tokens for their owner, CI/CD variable values for jobs) with
/// AES-256-GCM (DESIGN.md, Storage). Layout: 12-byte nonce, 16-byte tag, ciphertext.
/// </summary>
public sealed class SecretCipher(byte[] key)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public byte[] Encrypt(string token)
    {
        var plain = Encoding.UTF8.GetBytes(token);
        var sealedBox = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBox.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, sealedBox.AsSpan(NonceSize + TagSize), sealedBox.AsSpan(NonceSize, TagSize));
        return sealedBox;
    }

    public string Decrypt(byte[] sealedBox)
    {
        if (sealedBox.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The sealed token is shorter than its nonce and tag.");
        }
        var plain = new byte[sealedBox.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBox.AsSpan(0, NonceSize), sealedBox.AsSpan(NonceSize + TagSize), sealedBox.AsSpan(NonceSize, TagSize), plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>A 32-byte key from configuration: base64 of 32 bytes as given, any other text through SHA-256.</summary>
    public static byte[] KeyFrom(string secret)
    {
        var buffer = new byte[32];
        return Convert.TryFromBase64String(secret, buffer, out var written) && written == 32
            ? buffer
            : SHA256.HashData(Encoding.UTF8.GetBytes(secret));
    }
}
