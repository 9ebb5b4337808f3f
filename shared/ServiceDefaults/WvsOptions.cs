using Microsoft.Extensions.Configuration;

namespace WvsMesh.ServiceDefaults;

/// <summary>
/// The settings a user sets by their documented environment names (DESIGN.md, "Configuration a user sets").
/// Bound from the configuration root, so <c>WVS_DATA_DIR=…</c> and <c>--WVS_DATA_DIR=…</c> both work.
/// </summary>
public sealed class WvsOptions
{
    /// <summary>On first start, creates the <c>root</c> admin user with this personal access token. Default: none.</summary>
    [ConfigurationKeyName("WVS_ROOT_TOKEN")]
    public string? RootToken { get; init; }

    /// <summary>Where the embedded mode keeps SQLite files, repository mirrors and payloads. Default <c>./data</c>.</summary>
    [ConfigurationKeyName("WVS_DATA_DIR")]
    public string DataDir { get; init; } = "data";

    /// <summary>Key for encrypting trigger tokens at rest; generated into the data directory when unset.</summary>
    [ConfigurationKeyName("WVS_ENCRYPTION_KEY")]
    public string? EncryptionKey { get; init; }

    /// <summary>The address users reach WvsMesh at, used in <c>web_url</c> fields. Default <c>http://127.0.0.1:8080</c>.</summary>
    [ConfigurationKeyName("WVS_EXTERNAL_URL")]
    public string ExternalUrl { get; init; } = "http://127.0.0.1:8080";

    /// <summary>The data directory as an absolute path, created on first use.</summary>
    public string DataDirectory()
    {
        var path = Path.GetFullPath(DataDir);
        Directory.CreateDirectory(path);
        return path;
    }
}
