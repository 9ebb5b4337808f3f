using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace WvsMesh.Deploy.Tests.Manifests;

/// <summary>One object of a rendered manifest: its source as JSON and the typed model read from it.</summary>
internal sealed record RenderedObject(string ApiVersion, string Kind, string Name, JsonObject Source, object Model)
{
    public string Id => $"{Kind}/{Name}";
}

/// <summary>The objects that could be read, and every error found (empty when the manifest is valid).</summary>
internal sealed record ManifestValidation(IReadOnlyList<RenderedObject> Objects, IReadOnlyList<string> Errors)
{
    public IEnumerable<T> All<T>() => Objects.Select(o => o.Model).OfType<T>();
}

/// <summary>
/// Validates rendered Kubernetes YAML against the API's types, the KubernetesClient models (k8s.Models), without a cluster.
/// Each document is read as kubectl sends it (YAML → JSON, then typed JSON decoding, which rejects <c>replicas: two</c>
/// and <c>value: 5</c> for a string naming the path, where YamlDotNet would quietly turn any scalar into a string).
/// A field the model does not know would be dropped silently, so the model is written back to JSON and every field of
/// the source missing from that round trip is reported: <c>Deployment/gateway: spec.template.spec.containers[0].readinessProbe.httpGett is not a field</c>.
/// Kinds that are neither Kubernetes API types nor the two operator resources we use are errors.
/// </summary>
internal static class ManifestValidator
{
    private static readonly Dictionary<string, Type> Types = KubernetesTypes()
        .Concat(OperatorResources.Types)
        .ToDictionary(entry => entry.Key, entry => entry.Value, StringComparer.Ordinal);

    private static readonly MethodInfo ReadMethod =
        typeof(ManifestValidator).GetMethod(nameof(Read), BindingFlags.NonPublic | BindingFlags.Static)
        ?? throw new InvalidOperationException("Read<T> is missing.");

    public static ManifestValidation Validate(string renderedYaml)
    {
        var objects = new List<RenderedObject>();
        var errors = new List<string>();
        IReadOnlyList<JsonNode?> documents;
        try
        {
            documents = YamlJson.ParseAll(renderedYaml);
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidOperationException)
        {
            return new ManifestValidation([], [$"not valid YAML: {e.Message}"]);
        }

        for (var index = 0; index < documents.Count; index++)
        {
            if (documents[index] is not JsonObject source)
            {
                if (documents[index] is not null)
                {
                    errors.Add($"document {index + 1}: not an object");
                }
                continue;
            }
            if (ReadObject(source, index, errors) is { } rendered)
            {
                objects.Add(rendered);
            }
        }
        return new ManifestValidation(objects, errors);
    }

    private static RenderedObject? ReadObject(JsonObject source, int index, List<string> errors)
    {
        var apiVersion = Text(source["apiVersion"]);
        var kind = Text(source["kind"]);
        var name = Text(source["metadata"]?["name"]);
        var id = $"{kind ?? $"document {index + 1}"}/{name ?? "(no name)"}";
        if (apiVersion is null || kind is null || name is null)
        {
            errors.Add($"{id}: apiVersion, kind and metadata.name are required");
            return null;
        }
        if (!Types.TryGetValue($"{apiVersion}/{kind}", out var type))
        {
            errors.Add($"{id}: {apiVersion} {kind} is not a known kind (neither a Kubernetes API type nor an operator resource of OperatorResources)");
            return null;
        }

        object model;
        try
        {
            model = ReadMethod.MakeGenericMethod(type).Invoke(null, [source])
                ?? throw new JsonException("The document reads as null.");
        }
        catch (TargetInvocationException e) when (e.InnerException is JsonException json)
        {
            var path = RoundTrip.Display(json.Path);
            var value = RoundTrip.ValueAt(source, json.Path)?.ToJsonString() ?? "null";
            var reason = json.Message.Split(" Path:", 2)[0];
            errors.Add($"{id}: {path}: {value} does not have the field's type ({reason})");
            return null;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            errors.Add($"{id}: cannot be read as {type.Name}: {e.InnerException.Message}");
            return null;
        }

        var written = JsonNode.Parse(KubernetesJson.Serialize(model));
        var missing = new List<string>();
        RoundTrip.CollectDropped(source, written, "", missing);
        errors.AddRange(missing.Select(path => $"{id}: {path} is not a field"));
        return new RenderedObject(apiVersion, kind, name, source, model);
    }

    private static T? Read<T>(JsonObject source) => KubernetesJson.Deserialize<T>(source);

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    /// <summary>"apps/v1/Deployment" → V1Deployment, for every model the client carries.</summary>
    private static IEnumerable<KeyValuePair<string, Type>> KubernetesTypes() =>
        from type in typeof(V1Deployment).Assembly.GetTypes()
        let entity = type.GetCustomAttribute<KubernetesEntityAttribute>()
        where entity is not null && type.Namespace == typeof(V1Deployment).Namespace
        let prefix = string.IsNullOrEmpty(entity.Group) ? "" : entity.Group + "/"
        select new KeyValuePair<string, Type>($"{prefix}{entity.ApiVersion}/{entity.Kind}", type);
}
