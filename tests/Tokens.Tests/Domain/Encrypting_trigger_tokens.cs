using System.Security.Cryptography;
using System.Text;
using WvsMesh.ServiceDefaults.Security;
using WvsMesh.Tokens.Domain;
using Xunit;

namespace WvsMesh.Tokens.Tests.Domain;

/// <summary>Trigger tokens at rest: AES-256-GCM, a random nonce per encryption, tampering detected.</summary>
public sealed class Encrypting_trigger_tokens
{
    private readonly SecretCipher _cipher = new(SecretCipher.KeyFrom("a test secret"));

    public static TheoryData<string> Tokens => new()
    {
        "wvsptt-dbf5566c4f6f1b3bd7f1fa51cbc8e3f6b9e2a4c1",
        "0123456789abcdef0123456789abcd",
        "",
        "ünïcödé ✓",
        new string('t', 4096),
    };

    [Theory]
    [MemberData(nameof(Tokens))]
    public void Decrypting_gives_back_the_encrypted_token(string token)
    {
        var sealedBox = _cipher.Encrypt(token);

        Assert.Equal(token, _cipher.Decrypt(sealedBox));
    }

    [Fact]
    public void Sealed_box_is_nonce_tag_and_ciphertext()
    {
        var token = "wvsptt-dbf5566c4f6f1b3bd7f1fa51cbc8e3f6b9e2a4c1";

        var sealedBox = _cipher.Encrypt(token);

        Assert.Equal(12 + 16 + Encoding.UTF8.GetByteCount(token), sealedBox.Length);
        Assert.DoesNotContain("wvsptt-", Encoding.UTF8.GetString(sealedBox), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_encryptions_of_the_same_token_differ()
    {
        var token = TriggerTokenFormat.NewToken();

        var first = _cipher.Encrypt(token);
        var second = _cipher.Encrypt(token);

        Assert.NotEqual(first, second);
        Assert.NotEqual(first.AsSpan(0, 12).ToArray(), second.AsSpan(0, 12).ToArray());
        Assert.Equal(token, _cipher.Decrypt(first));
        Assert.Equal(token, _cipher.Decrypt(second));
    }

    public static TheoryData<int> TamperedPositions => new()
    {
        0,      // nonce
        11,     // nonce, last byte
        12,     // tag
        27,     // tag, last byte
        28,     // ciphertext
        -1,     // ciphertext, last byte
    };

    [Theory]
    [MemberData(nameof(TamperedPositions))]
    public void Tampered_sealed_box_does_not_decrypt(int position)
    {
        var sealedBox = _cipher.Encrypt(TriggerTokenFormat.NewToken());
        var index = position >= 0 ? position : sealedBox.Length + position;

        sealedBox[index] ^= 0x01;

        // AuthenticationTagMismatchException derives from CryptographicException.
        Assert.ThrowsAny<CryptographicException>(() => _cipher.Decrypt(sealedBox));
    }

    [Fact]
    public void Another_key_cannot_decrypt()
    {
        var sealedBox = _cipher.Encrypt(TriggerTokenFormat.NewToken());
        var other = new SecretCipher(SecretCipher.KeyFrom("another secret"));

        Assert.ThrowsAny<CryptographicException>(() => other.Decrypt(sealedBox));
    }

    [Fact]
    public void Key_from_base64_of_32_bytes_is_those_bytes()
    {
        var bytes = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

        Assert.Equal(bytes, SecretCipher.KeyFrom(Convert.ToBase64String(bytes)));
    }

    public static TheoryData<string> OtherSecrets => new()
    {
        "k",
        "a passphrase with spaces",
        "",
        "AAAAAAAAAAAAAAAAAAAAAA==",                                              // base64 of 16 bytes
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",      // base64 of 48 bytes
    };

    [Theory]
    [MemberData(nameof(OtherSecrets))]
    public void Key_from_any_other_text_is_its_sha256(string secret)
    {
        var key = SecretCipher.KeyFrom(secret);

        Assert.Equal(32, key.Length);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), key);
    }

    [Fact]
    public void Key_from_the_same_text_decrypts_what_it_encrypted()
    {
        var token = TriggerTokenFormat.NewToken();
        var sealedBox = new SecretCipher(SecretCipher.KeyFrom("shared secret")).Encrypt(token);

        Assert.Equal(token, new SecretCipher(SecretCipher.KeyFrom("shared secret")).Decrypt(sealedBox));
    }
}
