using k8s.Models;

namespace WvsMesh.Deploy.Tests.Manifests;

/// <summary>Kubernetes label selector semantics: matchLabels and matchExpressions, all of them must hold.</summary>
internal static class LabelSelectors
{
    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        labels ??= new Dictionary<string, string>();
        if (selector is null)
        {
            return false;
        }
        return Matches(selector.MatchLabels, labels) && (selector.MatchExpressions ?? []).All(e => Holds(e, labels));
    }

    /// <summary>A Service's or a matchLabels selector: every pair is among the labels (an empty selector matches all).</summary>
    public static bool Matches(IDictionary<string, string>? matchLabels, IDictionary<string, string>? labels) =>
        (matchLabels ?? new Dictionary<string, string>()).All(pair =>
            labels is not null && labels.TryGetValue(pair.Key, out var value) && value == pair.Value);

    private static bool Holds(V1LabelSelectorRequirement requirement, IDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(requirement.Key, out var value);
        var values = requirement.Values ?? [];
        return requirement.OperatorProperty switch
        {
            "In" => present && values.Contains(value),
            "NotIn" => !present || !values.Contains(value),
            "Exists" => present,
            "DoesNotExist" => !present,
            _ => throw new InvalidOperationException($"Unknown label selector operator '{requirement.OperatorProperty}'."),
        };
    }
}
