using System.Globalization;
using k8s.Models;
using Xunit;

namespace WvsMesh.Deploy.Tests.Manifests;

/// <summary>ClusterIP Services in front of the HTTP hosts, each reaching a Deployment's container port.</summary>
public sealed class Services_in_the_base
{
    [Fact]
    public async Task Every_service_selects_the_pods_of_one_deployment_on_a_container_port()
    {
        var rendered = await Kustomize.RenderedBaseAsync();
        var deployments = rendered.All<V1Deployment>().ToList();

        Expect.None(
            from service in rendered.All<V1Service>()
            let selected = deployments.Where(d => service.Spec.Selector is { Count: > 0 } && LabelSelectors.Matches(service.Spec.Selector, d.PodLabels())).ToList()
            from problem in selected.Count != 1
                ? [$"selects the pods of {selected.Count} Deployments, want 1"]
                : service.Spec.Ports.Where(p => !selected[0].HasPort(TargetPort(p)))
                    .Select(p => $"targetPort {TargetPort(p)} is not a container port of Deployment/{selected[0].Name()}")
            select $"Service/{service.Metadata.Name}: {problem}");
    }

    [Fact]
    public async Task Every_http_host_has_a_cluster_ip_service_of_its_name()
    {
        var services = (await Kustomize.RenderedBaseAsync()).All<V1Service>().ToDictionary(s => s.Metadata.Name);

        Expect.None(Workloads.HttpHosts
            .Where(host => !services.TryGetValue(host, out var service) || (service.Spec.Type ?? "ClusterIP") != "ClusterIP")
            .Select(host => $"Service/{host} is missing or not of type ClusterIP"));
    }

    // An unset targetPort is the port itself.
    private static string TargetPort(V1ServicePort port) => port.TargetPort?.Value ?? port.Port.ToString(CultureInfo.InvariantCulture);
}
