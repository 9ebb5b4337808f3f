using WvsMesh.ServiceDefaults.Security;

namespace WvsMesh.Tokens.Domain;

/// <summary>
/// Trigger tokens look like GitLab's with our prefix: <c>wvsptt-</c> + 40 lower-case hex characters. The short form,
/// shown to everyone but the owner, is the first 4 characters after the prefix (GitLab's <c>short_token</c>).
/// </summary>
internal static class TriggerTokenFormat
{
    public const string Prefix = "wvsptt-";

    public static string NewToken() => SecretTokens.New(Prefix);

    public static string ShortToken(string token)
    {
        var bare = token.StartsWith(Prefix, StringComparison.Ordinal) ? token[Prefix.Length..] : token;
        return bare.Length <= 4 ? bare : bare[..4];
    }
}
