using WvsMesh.Pipelines.Domain.Config;
using YamlDotNet.RepresentationModel;

namespace WvsMesh.Pipelines.Tests.Domain.Selection;

/// <summary>
/// Builds the configuration model from the catalogue's YAML snippets so the tables read like gitlab-ci.md §7. A test
/// aid only (the real parser is <c>CiConfigParser</c>): no <c>extends</c>, anchors or validation.
/// </summary>
internal static class TestYaml
{
    private static readonly string[] Reserved = ["variables", "workflow", "stages", "default", "include"];

    public static CiConfig Config(string yaml)
    {
        var root = Load(yaml) as YamlMappingNode ?? new YamlMappingNode();
        var jobs = root.Children
            .Where(kv => !Reserved.Contains(Text(kv.Key)))
            .Select(kv => Job(Text(kv.Key), (YamlMappingNode)kv.Value))
            .ToList();
        var workflow = Child(root, "workflow") as YamlMappingNode;
        return new CiConfig(
            ["build", "test", "deploy"],
            Variables(Child(root, "variables")) ?? [],
            workflow is null ? null : Rules(Child(workflow, "rules")),
            jobs);
    }

    public static IReadOnlyList<CiRule>? Rules(string yaml) => Rules(Load(yaml));

    public static CiPolicy? Policy(string yaml) => Policy(Load(yaml));

    /// <summary>A job's <c>inherit:variables</c> list; null when it inherits every root variable.</summary>
    public static IReadOnlyList<string>? InheritedVariables(string yaml, string job) =>
        Strings(Child(Child(Child(Load(yaml), job), "inherit"), "variables"));

    private static YamlNode? Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }

    private static CiJob Job(string name, YamlMappingNode node) => new()
    {
        Name = name,
        Stage = Scalar(node, "stage") ?? "test",
        Script = Strings(Child(node, "script")) ?? [],
        Variables = Variables(Child(node, "variables")) ?? [],
        Rules = Rules(Child(node, "rules")),
        Only = Policy(Child(node, "only")),
        Except = Policy(Child(node, "except")),
        When = Scalar(node, "when") ?? "on_success",
        AllowFailure = Scalar(node, "allow_failure") == "true",
        StartIn = Scalar(node, "start_in"),
        Needs = Needs(Child(node, "needs")),
    };

    private static List<CiRule>? Rules(YamlNode? node) =>
        node is YamlSequenceNode sequence ? sequence.Children.Select(r => Rule((YamlMappingNode)r)).ToList() : null;

    private static CiRule Rule(YamlMappingNode node) => new()
    {
        If = Scalar(node, "if"),
        Changes = Strings(Child(node, "changes")),
        Exists = Strings(Child(node, "exists")),
        When = Scalar(node, "when"),
        AllowFailure = Scalar(node, "allow_failure") is { } allow ? allow == "true" : null,
        StartIn = Scalar(node, "start_in"),
        Variables = Variables(Child(node, "variables")),
        Needs = Needs(Child(node, "needs")),
    };

    private static CiPolicy? Policy(YamlNode? node) => node switch
    {
        YamlSequenceNode refs => new CiPolicy { Refs = Strings(refs) },
        YamlMappingNode map => new CiPolicy
        {
            Refs = Strings(Child(map, "refs")),
            Variables = Strings(Child(map, "variables")),
            Changes = Strings(Child(map, "changes")),
            Kubernetes = Scalar(map, "kubernetes"),
        },
        _ => null,
    };

    private static List<CiNeed>? Needs(YamlNode? node) =>
        node is YamlSequenceNode sequence
            ? sequence.Children.Select(n => n is YamlMappingNode m
                ? new CiNeed(Scalar(m, "job") ?? "", Scalar(m, "optional") == "true")
                : new CiNeed(Text(n), false)).ToList()
            : null;

    private static List<KeyValuePair<string, string>>? Variables(YamlNode? node) =>
        node is YamlMappingNode map
            ? map.Children.Select(kv => KeyValuePair.Create(Text(kv.Key), Text(kv.Value))).ToList()
            : null;

    private static List<string>? Strings(YamlNode? node) => node switch
    {
        YamlSequenceNode sequence => sequence.Children.Select(Text).ToList(),
        YamlScalarNode scalar => [scalar.Value ?? ""],
        _ => null,
    };

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    private static string Text(YamlNode node) => (node as YamlScalarNode)?.Value ?? "";
}
