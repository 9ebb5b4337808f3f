using System.Security.Cryptography;
using System.Text;

namespace WvsMesh.ServiceDefaults.Security;

/// <summary>
/// SHA-256 of a secret token, the only form in which personal access and job tokens are stored or sent over the bus,
/// and the lookup key of trigger tokens.
/// </summary>
public static class TokenDigest
{
    /// <summary>Lower-case hex SHA-256 of <paramref name="token"/>'s UTF-8 bytes.</summary>
    public static string Of(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
