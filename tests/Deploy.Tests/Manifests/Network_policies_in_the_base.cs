using k8s.Models;
using Xunit;

namespace WvsMesh.Deploy.Tests.Manifests;

/// <summary>Ingress is denied by default; users reach the gateway only, the gateway the services, the services their stores.</summary>
public sealed class Network_policies_in_the_base
{
    private static readonly Dictionary<string, string> AnyPod = new() { ["app.kubernetes.io/name"] = "something-else" };
    private static readonly string[] Services = ["tokens", "pipelines", "webhooks"];

    [Fact]
    public async Task Ingress_is_denied_by_default_in_the_namespace()
    {
        var policies = (await Kustomize.RenderedBaseAsync()).All<V1NetworkPolicy>();

        Assert.Contains(policies, p => p.Spec.PodSelector is { MatchLabels: null or { Count: 0 }, MatchExpressions: null or { Count: 0 } }
            && p.Spec.PolicyTypes?.Contains("Ingress") is true && p.Spec.Ingress is null or { Count: 0 });
    }

    [Fact]
    public async Task Only_the_gateway_is_reachable_from_outside_the_namespace()
    {
        var rendered = await Kustomize.RenderedBaseAsync();
        var rules = new IngressRules(rendered.All<V1NetworkPolicy>());

        var outside = rendered.All<V1Deployment>().ToDictionary(d => d.Name(), d => rules.OutsideSources(d.PodLabels()));

        Assert.Contains("anywhere", outside["gateway"]);
        Expect.None(outside.Where(o => o.Key != "gateway" && o.Value.Count > 0)
            .Select(o => $"Deployment/{o.Key} admits from outside the namespace: {string.Join(", ", o.Value)}"));
    }

    [Fact]
    public async Task The_operators_pods_admit_only_their_operator_from_outside_the_namespace()
    {
        var rules = new IngressRules((await Kustomize.RenderedBaseAsync()).All<V1NetworkPolicy>());

        Assert.Equal(["namespace cnpg-system"], rules.OutsideSources(Workloads.OperatorPods[0].Labels));
        Assert.Equal(["namespace rabbitmq-system"], rules.OutsideSources(Workloads.OperatorPods[1].Labels));
    }

    [Fact]
    public async Task The_gateway_reaches_the_services_and_nothing_else_does()
    {
        var rendered = await Kustomize.RenderedBaseAsync();
        var rules = new IngressRules(rendered.All<V1NetworkPolicy>());
        var deployments = rendered.All<V1Deployment>().ToDictionary(d => d.Name());

        Expect.None(
            from service in Services
            from source in deployments.Keys.Append("(another pod)")
            let sourceLabels = deployments.TryGetValue(source, out var d) ? d.PodLabels() : AnyPod
            let admitted = rules.Admits(sourceLabels, deployments[service].PodLabels(), 8080, "http")
            where admitted != (source == "gateway")
            select $"{source} → {service}:8080 is {(admitted ? "admitted" : "denied")}");
    }

    [Fact]
    public async Task The_services_reach_postgres_and_rabbitmq()
    {
        var rendered = await Kustomize.RenderedBaseAsync();
        var rules = new IngressRules(rendered.All<V1NetworkPolicy>());
        var hosts = rendered.All<V1Deployment>().Where(d => d.IsHttpHost()).ToDictionary(d => d.Name());
        var (postgres, rabbitmq) = (Workloads.OperatorPods[0].Labels, Workloads.OperatorPods[1].Labels);

        Expect.None(
            from host in hosts.Values
            from target in host.Name() == "gateway"
                ? new[] { ("rabbitmq", rabbitmq, 5672) }
                : [("postgres", postgres, 5432), ("rabbitmq", rabbitmq, 5672)]
            where !rules.Admits(host.PodLabels(), target.Item2, target.Item3)
            select $"{host.Name()} → {target.Item1}:{target.Item3} is denied");
        Assert.False(rules.Admits(AnyPod, postgres, 5432), "another pod → postgres:5432 is admitted");
        Assert.False(rules.Admits(AnyPod, rabbitmq, 5672), "another pod → rabbitmq:5672 is admitted");
    }
}
