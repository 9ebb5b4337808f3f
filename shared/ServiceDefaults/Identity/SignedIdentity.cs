using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace WvsMesh.ServiceDefaults.Identity;

/// <summary>
/// Signs and verifies the caller identity the gateway forwards in <see cref="Header"/>:
/// <c>base64url(json).base64url(HMAC-SHA256)</c>, valid for <see cref="Lifetime"/>. Services trust nothing else.
/// </summary>
public sealed class SignedIdentity(IOptions<IdentityOptions> options, TimeProvider clock)
{
    /// <summary>The request header that carries the signed identity between gateway and services.</summary>
    public const string Header = "X-Wvs-Identity";

    /// <summary>How long a signed identity stays valid.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private readonly byte[] _key = options.Value.Key();

    /// <summary>The header value for <paramref name="identity"/>.</summary>
    public string Sign(CallerIdentity identity)
    {
        var claims = new Claims(identity, clock.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds());
        var payload = JsonSerializer.SerializeToUtf8Bytes(claims);
        return WebEncoders.Base64UrlEncode(payload) + "." + WebEncoders.Base64UrlEncode(HMACSHA256.HashData(_key, payload));
    }

    /// <summary>The identity in <paramref name="value"/>, or null when it is malformed, forged or expired.</summary>
    public CallerIdentity? Verify(string? value)
    {
        var dot = value?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (value is null || dot <= 0)
        {
            return null;
        }
        try
        {
            var payload = WebEncoders.Base64UrlDecode(value[..dot]);
            var signature = WebEncoders.Base64UrlDecode(value[(dot + 1)..]);
            if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, payload), signature))
            {
                return null;
            }
            var claims = JsonSerializer.Deserialize<Claims>(payload);
            return claims is not null && claims.Expires > clock.GetUtcNow().ToUnixTimeSeconds() ? claims.Caller : null;
        }
        catch (FormatException)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Claims(CallerIdentity Caller, long Expires);
}

/// <summary>The key shared by the gateway and the services for signing caller identities.</summary>
public sealed class IdentityOptions
{
    /// <summary>
    /// <c>WVS_IDENTITY_KEY</c>: any secret string. Required when services run apart (RabbitMQ); the all-in-one host
    /// makes a random one per process when unset.
    /// </summary>
    [Microsoft.Extensions.Configuration.ConfigurationKeyName("WVS_IDENTITY_KEY")]
    public string? SigningKey { get; set; }

    internal byte[] Key() => SHA256.HashData(Encoding.UTF8.GetBytes(
        SigningKey ?? throw new InvalidOperationException("WVS_IDENTITY_KEY is not set.")));
}
