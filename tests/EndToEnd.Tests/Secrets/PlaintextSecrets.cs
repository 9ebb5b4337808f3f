using System.Text;

namespace WvsMesh.EndToEnd.Tests.Secrets;

/// <summary>
/// The plaintext tokens a test handed out, and where any of them turns up. A prefixed token (<c>wvsptt-</c>,
/// <c>wvspat-</c>) is searched by the 40 hex characters after its prefix, so a copy stored without the prefix, or in
/// upper case, or as UTF-16 is found too; other secrets (the root token) are searched whole.
/// </summary>
public sealed class PlaintextSecrets
{
    private static readonly string[] Prefixes = ["wvsptt-", "wvspat-"];

    private readonly List<(string Name, string Secret)> _secrets = [];

    public IReadOnlyList<(string Name, string Secret)> All => _secrets;

    /// <summary>Remembers <paramref name="secret"/> under a name that says which token it is (never the token itself).</summary>
    public string Add(string name, string secret)
    {
        if (secret.Length < 16)
        {
            throw new ArgumentException($"'{name}' is too short to search for without false matches.", nameof(secret));
        }
        _secrets.Add((name, secret));
        return secret;
    }

    /// <summary>The names of the secrets that occur in <paramref name="text"/>.</summary>
    public IEnumerable<string> FoundIn(string text) =>
        _secrets.Where(entry => text.Contains(Needle(entry.Secret), StringComparison.OrdinalIgnoreCase)).Select(entry => entry.Name);

    /// <summary>The names of the secrets whose UTF-8 or UTF-16 bytes occur in <paramref name="bytes"/>.</summary>
    public IEnumerable<string> FoundIn(ReadOnlyMemory<byte> bytes) =>
        _secrets.Where(entry => new[] { Needle(entry.Secret), Needle(entry.Secret).ToUpperInvariant() }
                .SelectMany(needle => new[] { Encoding.UTF8.GetBytes(needle), Encoding.Unicode.GetBytes(needle) })
                .Any(needle => bytes.Span.IndexOf(needle) >= 0))
            .Select(entry => entry.Name);

    private static string Needle(string secret) =>
        Prefixes.FirstOrDefault(prefix => secret.StartsWith(prefix, StringComparison.Ordinal)) is { } prefix ? secret[prefix.Length..] : secret;
}
