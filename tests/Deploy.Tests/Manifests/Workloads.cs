using System.Globalization;
using k8s.Models;

namespace WvsMesh.Deploy.Tests.Manifests;

/// <summary>What the base is expected to hold, and short ways to reach into its Deployments.</summary>
internal static class Workloads
{
    public const string Namespace = "wvsmesh";

    /// <summary>The ASP.NET Core hosts: stateless, several replicas, /healthz and /readyz on port 8080.</summary>
    public static readonly string[] HttpHosts = ["gateway", "tokens", "pipelines", "webhooks"];

    /// <summary>The console program that runs jobs: no HTTP.</summary>
    public const string Runner = "runner";

    /// <summary>Labels the operators put on the pods they create (CloudNativePG: cnpg.io/cluster; RabbitMQ: app.kubernetes.io/name).</summary>
    public static readonly (string Name, Dictionary<string, string> Labels)[] OperatorPods =
    [
        ("postgres (CloudNativePG Cluster wvsmesh-pg)", new() { ["cnpg.io/cluster"] = "wvsmesh-pg", ["cnpg.io/podRole"] = "instance" }),
        ("rabbitmq (RabbitmqCluster wvsmesh-rabbitmq)", new()
        {
            ["app.kubernetes.io/name"] = "wvsmesh-rabbitmq", ["app.kubernetes.io/component"] = "rabbitmq", ["app.kubernetes.io/part-of"] = "rabbitmq",
        }),
    ];

    public static string Name(this V1Deployment deployment) => deployment.Metadata.Name;

    public static bool IsHttpHost(this V1Deployment deployment) => HttpHosts.Contains(deployment.Name());

    public static IDictionary<string, string> PodLabels(this V1Deployment deployment) =>
        deployment.Spec.Template.Metadata?.Labels ?? new Dictionary<string, string>();

    public static IList<V1Container> Containers(this V1Deployment deployment) => deployment.Spec.Template.Spec.Containers;

    /// <summary>Every container port of the pods, by name and number.</summary>
    public static IEnumerable<V1ContainerPort> Ports(this V1Deployment deployment) =>
        deployment.Containers().SelectMany(c => c.Ports ?? []);

    /// <summary>Whether a port given as a number or a name (Service targetPort, probe port, policy port) is a container port.</summary>
    public static bool HasPort(this V1Deployment deployment, IntOrString? port) => deployment.HasPort(port?.Value);

    public static bool HasPort(this V1Deployment deployment, string? port) =>
        port is not null && deployment.Ports().Any(p => p.Name == port || p.ContainerPort.ToString(CultureInfo.InvariantCulture) == port);

    public static V1EnvVar? Env(this V1Container container, string name) => container.Env?.FirstOrDefault(e => e.Name == name);
}
