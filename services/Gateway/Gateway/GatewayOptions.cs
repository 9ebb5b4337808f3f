using System.ComponentModel.DataAnnotations;

namespace WvsMesh.Gateway;

/// <summary>Edge settings of the gateway.</summary>
public sealed class GatewayOptions
{
    /// <summary>Configuration section: <c>Gateway</c>.</summary>
    public const string Section = "Gateway";

    /// <summary>
    /// How long an authenticated personal access token is remembered (dropped at once on Tokens' events; zero: never cached,
    /// as in the all-in-one host where asking Tokens costs an in-process lookup). Default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan IdentityCacheDuration { get; init; } = TimeSpan.FromSeconds(30);
}
