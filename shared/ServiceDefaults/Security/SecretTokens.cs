using System.Security.Cryptography;

namespace WvsMesh.ServiceDefaults.Security;

/// <summary>
/// New secret tokens: a prefix that says what the token is (so leak scanners find it, as GitLab's <c>glptt-</c>) and 160
/// random bits in lower-case hex. Only their <see cref="TokenDigest"/> is ever stored for lookup.
/// </summary>
public static class SecretTokens
{
    public static string New(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
}
