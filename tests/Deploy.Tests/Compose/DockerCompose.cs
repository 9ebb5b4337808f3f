using System.Text.Json.Nodes;
using WvsMesh.Deploy.Tests.Manifests;
using WvsMesh.TestKit;

namespace WvsMesh.Deploy.Tests.Compose;

/// <summary>docker-compose.yml: checked by Debian's docker-compose (1.29, the strictest schema we target) and read as JSON.</summary>
internal static class DockerCompose
{
    public const string File = "docker-compose.yml";

    /// <summary>What the compose file reads besides itself (relative to its folder).</summary>
    public const string Folder = "deploy/compose";

    private const string InstallHint =
        "Install docker-compose (Debian: apt-get install docker-compose); ./test.sh does so through scripts/test-tools.sh.";

    // The composition's own variables are left to their defaults, whatever the caller's shell has.
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["WVS_ENV_FILE"] = null,
        ["WVS_IMAGE_TAG"] = null,
        ["WVS_EXTERNAL_URL"] = null,
        ["COMPOSE_FILE"] = null,
        ["COMPOSE_PROFILES"] = null,
    };

    /// <summary><c>docker-compose -f docker-compose.yml config -q</c> in <paramref name="folder"/>.</summary>
    public static Task<ToolResult> ConfigAsync(string folder) =>
        ExternalTool.RunAsync("docker-compose", InstallHint, ["-f", File, "config", "-q"], folder, Defaults);

    /// <summary>The repository's compose file, merge keys resolved.</summary>
    public static async Task<JsonObject> ReadAsync()
    {
        var text = await System.IO.File.ReadAllTextAsync(RepositoryRoot.Combine(File), Xunit.TestContext.Current.CancellationToken);
        return YamlJson.ParseAll(text).Single() as JsonObject ?? throw new InvalidOperationException($"{File} is not a mapping.");
    }

    public static IEnumerable<(string Name, JsonObject Service)> Services(JsonObject compose) =>
        (compose["services"] as JsonObject ?? []).Select(s => (s.Key, s.Value as JsonObject ?? []));

    /// <summary>The services running a WvsMesh image (wvsmesh/…).</summary>
    public static IEnumerable<(string Name, JsonObject Service)> Hosts(JsonObject compose) =>
        Services(compose).Where(s => Image(s.Service).StartsWith("wvsmesh/", StringComparison.Ordinal));

    /// <summary>The hosts that serve HTTP: every WvsMesh image but the runner's.</summary>
    public static IEnumerable<(string Name, JsonObject Service)> HttpHosts(JsonObject compose) =>
        Hosts(compose).Where(s => !Image(s.Service).StartsWith("wvsmesh/runner:", StringComparison.Ordinal));

    public static string Image(JsonObject service) => service["image"]?.GetValue<string>() ?? "";

    /// <summary>The strings of a list, or of a single string.</summary>
    public static IReadOnlyList<string> Strings(JsonNode? node) => node switch
    {
        JsonArray items => [.. items.Select(i => i?.ToString() ?? "")],
        JsonValue value => [value.ToString()],
        _ => [],
    };

    /// <summary>Names set by <c>environment</c>, as a mapping or as a NAME=value list.</summary>
    public static IEnumerable<string> EnvironmentNames(JsonObject service) => service["environment"] switch
    {
        JsonObject map => map.Select(pair => pair.Key),
        JsonArray list => list.Select(item => (item?.ToString() ?? "").Split('=', 2)[0]),
        _ => [],
    };
}
