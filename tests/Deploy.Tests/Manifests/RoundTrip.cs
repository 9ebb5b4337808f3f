using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace WvsMesh.Deploy.Tests.Manifests;

/// <summary>Compares a source document with its model written back to JSON, and names paths for messages.</summary>
internal static partial class RoundTrip
{
    /// <summary>Adds the path of every field present in <paramref name="source"/> but dropped in <paramref name="written"/>.</summary>
    public static void CollectDropped(JsonNode? source, JsonNode? written, string path, List<string> dropped)
    {
        switch (source)
        {
            case JsonObject fields:
                foreach (var (name, value) in fields)
                {
                    var child = Join(path, name);
                    // An explicit null is as good as absent, for the API server as for the model.
                    if (value is null)
                    {
                        continue;
                    }
                    if (written is not JsonObject writtenFields || !writtenFields.TryGetPropertyValue(name, out var writtenValue))
                    {
                        dropped.Add(child);
                        continue;
                    }
                    CollectDropped(value, writtenValue, child, dropped);
                }
                break;
            case JsonArray items:
                var writtenItems = written as JsonArray;
                for (var i = 0; i < items.Count; i++)
                {
                    CollectDropped(items[i], writtenItems is not null && i < writtenItems.Count ? writtenItems[i] : null, $"{path}[{i}]", dropped);
                }
                break;
        }
    }

    /// <summary>System.Text.Json's "$.spec['app.kubernetes.io/name'].x" as "spec['app.kubernetes.io/name'].x".</summary>
    public static string Display(string? jsonPath) =>
        jsonPath is null or "$" ? "(the document)" : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');

    /// <summary>The node at a System.Text.Json path, or null.</summary>
    public static JsonNode? ValueAt(JsonNode root, string? jsonPath)
    {
        JsonNode? node = root;
        foreach (Match step in PathStep().Matches(jsonPath ?? ""))
        {
            node = step.Groups["index"].Success
                ? node is JsonArray array && int.TryParse(step.Groups["index"].Value, out var i) && i < array.Count ? array[i] : null
                : node is JsonObject fields ? fields[step.Groups["name"].Success ? step.Groups["name"].Value : step.Groups["quoted"].Value] : null;
        }
        return node;
    }

    private static string Join(string path, string name) =>
        !SimpleName().IsMatch(name) ? $"{path}['{name}']" : path.Length == 0 ? name : $"{path}.{name}";

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex SimpleName();

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>[^']*)'\]|\[(?<index>[0-9]+)\]")]
    private static partial Regex PathStep();
}
