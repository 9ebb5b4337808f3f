using k8s.Models;
using Xunit;

namespace WvsMesh.Deploy.Tests.Manifests;

/// <summary>Every Deployment with more than one replica keeps one up through disruptions and scales on CPU.</summary>
public sealed class Scaling_in_the_base
{
    [Fact]
    public async Task Every_multi_replica_deployment_has_a_disruption_budget_selecting_exactly_its_pods()
    {
        var rendered = await Kustomize.RenderedBaseAsync();
        var deployments = rendered.All<V1Deployment>().ToList();
        var budgets = rendered.All<V1PodDisruptionBudget>().ToList();

        Expect.None(
            from deployment in deployments.Where(d => d.Spec.Replicas > 1)
            let own = budgets.Where(b => LabelSelectors.Matches(b.Spec.Selector, deployment.PodLabels())).ToList()
            let problem = own.Count != 1 ? $"{own.Count} PodDisruptionBudgets select its pods, want 1"
                : own[0].Spec.MinAvailable?.Value != "1" ? $"PodDisruptionBudget/{own[0].Metadata.Name} has minAvailable {own[0].Spec.MinAvailable?.Value ?? "unset"}, want 1"
                : null
            where problem is not null
            select $"Deployment/{deployment.Name()}: {problem}");
        Expect.None(
            from budget in budgets
            let selected = deployments.Where(d => LabelSelectors.Matches(budget.Spec.Selector, d.PodLabels())).Select(d => d.Name()).ToList()
            where selected.Count != 1
            select $"PodDisruptionBudget/{budget.Metadata.Name} selects the pods of {selected.Count} Deployments ({string.Join(", ", selected)})");
    }

    [Fact]
    public async Task Every_http_host_has_a_cpu_autoscaler_targeting_its_deployment()
    {
        var rendered = await Kustomize.RenderedBaseAsync();
        var deployments = rendered.All<V1Deployment>().ToDictionary(d => d.Name());
        var autoscalers = rendered.All<V2HorizontalPodAutoscaler>().ToList();

        Expect.None(Workloads.HttpHosts
            .Where(host => !autoscalers.Any(a => a.Spec.ScaleTargetRef is { Kind: "Deployment", ApiVersion: "apps/v1" } target && target.Name == host))
            .Select(host => $"Deployment/{host}: no HorizontalPodAutoscaler targets it"));
        Expect.None(
            from autoscaler in autoscalers
            let target = autoscaler.Spec.ScaleTargetRef
            let problem = target.Kind != "Deployment" || target.ApiVersion != "apps/v1" || !deployments.ContainsKey(target.Name)
                    ? $"targets {target.ApiVersion} {target.Kind} {target.Name}, not a Deployment of the base"
                : autoscaler.Spec.MinReplicas is not >= 2 ? $"minReplicas {autoscaler.Spec.MinReplicas}, want ≥ 2"
                : autoscaler.Spec.MaxReplicas < autoscaler.Spec.MinReplicas ? "maxReplicas is below minReplicas"
                : autoscaler.Spec.MaxReplicas < deployments[target.Name].Spec.Replicas ? "maxReplicas is below the Deployment's replicas"
                : autoscaler.Spec.Metrics?.Any(m => m is { Type: "Resource", Resource.Name: "cpu" }) is not true ? "has no cpu Resource metric"
                : null
            where problem is not null
            select $"HorizontalPodAutoscaler/{autoscaler.Metadata.Name}: {problem}");
    }
}
