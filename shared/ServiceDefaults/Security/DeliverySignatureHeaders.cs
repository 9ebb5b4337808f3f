using Microsoft.AspNetCore.Http;

namespace WvsMesh.ServiceDefaults.Security;

/// <summary>
/// The headers that carry a delivery's signature (GitHub's <c>X-Hub-Signature-256</c>, Standard Webhooks' three), by
/// lower-case name, and GitHub's delivery id, which a GitHub-signed delivery must carry: what Tokens checks against a
/// signed trigger token on either trigger URL.
/// </summary>
public static class DeliverySignatureHeaders
{
    public const string GitHub = "x-hub-signature-256";
    public const string GitHubDelivery = "x-github-delivery";
    public const string Id = "webhook-id";
    public const string Timestamp = "webhook-timestamp";
    public const string Signature = "webhook-signature";

    public static IReadOnlyList<string> All { get; } = [GitHub, GitHubDelivery, Id, Timestamp, Signature];

    /// <summary>Those of <see cref="All"/> the request carries, with their values.</summary>
    public static Dictionary<string, string> From(IHeaderDictionary headers) =>
        All.Where(name => headers[name].ToString().Length > 0).ToDictionary(name => name, name => headers[name].ToString());
}
