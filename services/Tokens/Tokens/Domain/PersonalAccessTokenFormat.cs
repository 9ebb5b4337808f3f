using WvsMesh.ServiceDefaults.Security;

namespace WvsMesh.Tokens.Domain;

/// <summary>Personal access tokens: <c>wvspat-</c> + 40 lower-case hex characters (GitLab: <c>glpat-</c>), so secret scanners can find them.</summary>
internal static class PersonalAccessTokenFormat
{
    public const string Prefix = "wvspat-";

    public static string NewToken() => SecretTokens.New(Prefix);

    /// <summary>GitLab's token scopes that WvsMesh accepts.</summary>
    public static readonly IReadOnlySet<string> Scopes = new HashSet<string>(StringComparer.Ordinal)
    {
        "api", "read_api", "read_user", "read_repository", "write_repository", "create_runner", "manage_runner", "sudo", "admin_mode",
    };
}
