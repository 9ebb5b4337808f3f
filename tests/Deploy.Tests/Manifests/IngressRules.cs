using k8s.Models;

namespace WvsMesh.Deploy.Tests.Manifests;

/// <summary>
/// What the NetworkPolicies of the base let into a pod (ingress only), evaluated as Kubernetes does: a pod selected
/// by no Ingress policy admits everything; otherwise a connection needs one rule of one selecting policy.
/// </summary>
internal sealed class IngressRules(IEnumerable<V1NetworkPolicy> policies)
{
    private readonly List<V1NetworkPolicy> _policies = [.. policies];

    /// <summary>The namespace labels Kubernetes sets on every namespace (since 1.21).</summary>
    private static Dictionary<string, string> NamespaceLabels(string name) => new() { ["kubernetes.io/metadata.name"] = name };

    /// <summary>Policies of type Ingress that select the pod.</summary>
    public IReadOnlyList<V1NetworkPolicy> Selecting(IDictionary<string, string> podLabels) =>
        [.. _policies.Where(p => IsIngress(p) && LabelSelectors.Matches(p.Spec.PodSelector, podLabels))];

    /// <summary>
    /// Who outside the namespace may connect: "anywhere" (a rule without peers, an ipBlock, any namespace) or
    /// "namespace X" for a namespaceSelector naming one namespace.
    /// </summary>
    public IReadOnlySet<string> OutsideSources(IDictionary<string, string> podLabels)
    {
        var selecting = Selecting(podLabels);
        if (selecting.Count == 0)
        {
            return new HashSet<string> { "anywhere (no policy selects the pod)" };
        }
        var sources = new HashSet<string>();
        foreach (var rule in selecting.SelectMany(p => p.Spec.Ingress ?? []))
        {
            if (rule.FromProperty is null or { Count: 0 })
            {
                sources.Add("anywhere");
                continue;
            }
            foreach (var peer in rule.FromProperty)
            {
                if (peer.IpBlock is not null)
                {
                    sources.Add("anywhere");
                }
                else if (peer.NamespaceSelector is { } namespaces)
                {
                    string? named = null;
                    namespaces.MatchLabels?.TryGetValue("kubernetes.io/metadata.name", out named);
                    if (named is null || namespaces.MatchExpressions is { Count: > 0 })
                    {
                        sources.Add("anywhere");
                    }
                    else if (named != Workloads.Namespace)
                    {
                        sources.Add($"namespace {named}");
                    }
                }
            }
        }
        return sources;
    }

    /// <summary>Whether a pod of this namespace with <paramref name="sourceLabels"/> may connect to the target's port.</summary>
    public bool Admits(IDictionary<string, string> sourceLabels, IDictionary<string, string> targetLabels, int port, string? portName = null)
    {
        var selecting = Selecting(targetLabels);
        return selecting.Count == 0 || selecting.SelectMany(p => p.Spec.Ingress ?? []).Any(rule =>
            (rule.Ports is null or { Count: 0 } || rule.Ports.Any(p => p.Port?.Value is not { } value || value == portName || value == port.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            && (rule.FromProperty is null or { Count: 0 } || rule.FromProperty.Any(peer => FromThisNamespace(peer, sourceLabels))));
    }

    private static bool FromThisNamespace(V1NetworkPolicyPeer peer, IDictionary<string, string> sourceLabels) =>
        peer.IpBlock is null
        && (peer.NamespaceSelector is null || LabelSelectors.Matches(peer.NamespaceSelector, NamespaceLabels(Workloads.Namespace)))
        && (peer.PodSelector is null || LabelSelectors.Matches(peer.PodSelector, sourceLabels));

    private static bool IsIngress(V1NetworkPolicy policy) =>
        policy.Spec.PolicyTypes is null or { Count: 0 } || policy.Spec.PolicyTypes.Contains("Ingress");
}
