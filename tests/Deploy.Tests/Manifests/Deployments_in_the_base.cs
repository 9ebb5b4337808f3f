using k8s.Models;
using Xunit;

namespace WvsMesh.Deploy.Tests.Manifests;

/// <summary>The hosts' Deployments: probes, resources, graceful shutdown, hardening, pinned images.</summary>
public sealed class Deployments_in_the_base
{
    private static readonly string[] Resources = ["cpu", "memory"];
    private static readonly string[] WritablePaths = ["/tmp", "/var/lib/wvs"];

    [Fact]
    public async Task Http_hosts_are_ready_on_readyz_and_alive_on_healthz()
    {
        var deployments = (await Kustomize.RenderedBaseAsync()).All<V1Deployment>().Where(d => d.IsHttpHost());

        Expect.None(
            from deployment in deployments
            from container in deployment.Containers()
            from problem in new[]
            {
                Probe(deployment, container.ReadinessProbe, "/readyz") is { } ready ? $"readinessProbe {ready}" : null,
                Probe(deployment, container.LivenessProbe, "/healthz") is { } live ? $"livenessProbe {live}" : null,
            }
            where problem is not null
            select $"Deployment/{deployment.Name()} container {container.Name}: {problem}");
    }

    [Fact]
    public async Task Every_container_has_cpu_and_memory_requests_and_limits()
    {
        var deployments = (await Kustomize.RenderedBaseAsync()).All<V1Deployment>();

        Expect.None(
            from deployment in deployments
            from container in deployment.Containers()
            from side in new[] { ("requests", container.Resources?.Requests), ("limits", container.Resources?.Limits) }
            from resource in Resources
            where side.Item2 is null || !side.Item2.ContainsKey(resource)
            select $"Deployment/{deployment.Name()} container {container.Name}: no {resource} in resources.{side.Item1}");
    }

    [Fact]
    public async Task Http_hosts_drain_before_the_host_stops_within_the_grace_period()
    {
        var deployments = (await Kustomize.RenderedBaseAsync()).All<V1Deployment>().ToList();

        // preStop sleep (5 s) + the .NET host's shutdown timeout (30 s) must fit into the grace period.
        Expect.None(deployments
            .Where(d => d.Spec.Template.Spec.TerminationGracePeriodSeconds is not >= 45)
            .Select(d => $"Deployment/{d.Name()}: terminationGracePeriodSeconds is {d.Spec.Template.Spec.TerminationGracePeriodSeconds?.ToString() ?? "unset"}, want ≥ 45"));
        Expect.None(
            from deployment in deployments.Where(d => d.IsHttpHost())
            from container in deployment.Containers()
            where container.Lifecycle?.PreStop?.Exec?.Command is not ["sleep", _]
            select $"Deployment/{deployment.Name()} container {container.Name}: no preStop exec [\"sleep\", N]");
    }

    [Fact]
    public async Task Stateless_http_hosts_run_at_least_two_replicas()
    {
        var deployments = (await Kustomize.RenderedBaseAsync()).All<V1Deployment>();

        Expect.None(deployments
            .Where(d => d.IsHttpHost() && d.Spec.Replicas is not >= 2)
            .Select(d => $"Deployment/{d.Name()}: replicas {d.Spec.Replicas?.ToString() ?? "unset"}, want ≥ 2"));
    }

    [Fact]
    public async Task Containers_run_as_non_root_without_capabilities_on_a_read_only_root()
    {
        var deployments = (await Kustomize.RenderedBaseAsync()).All<V1Deployment>();

        Expect.None(
            from deployment in deployments
            from container in deployment.Containers()
            from problem in Hardening(deployment, container)
            select $"Deployment/{deployment.Name()} container {container.Name}: {problem}");
    }

    [Fact]
    public async Task Every_image_has_a_tag()
    {
        var rendered = await Kustomize.RenderedBaseAsync();
        var images = rendered.All<V1Deployment>()
            .SelectMany(d => d.Containers().Select(c => (Where: $"Deployment/{d.Name()} container {c.Name}", Image: (string?)c.Image)))
            .Concat(rendered.All<CnpgCluster>().Select(c => (Where: $"Cluster/{c.Metadata?.Name}", Image: c.Spec?.ImageName)))
            .Concat(rendered.All<RabbitmqCluster>().Select(c => (Where: $"RabbitmqCluster/{c.Metadata?.Name}", Image: c.Spec?.Image)))
            .ToList();

        Assert.Equal(7, images.Count);
        Expect.None(images.Where(i => !HasTag(i.Image)).Select(i => $"{i.Where}: image '{i.Image}' has no tag (or :latest)"));
    }

    private static string? Probe(V1Deployment deployment, V1Probe? probe, string path) =>
        probe?.HttpGet is not { } get ? $"is not an httpGet probe on {path}"
        : get.Path != path ? $"checks {get.Path}, not {path}"
        : !deployment.HasPort(get.Port) ? $"port {get.Port?.Value} is not a container port"
        : null;

    private static IEnumerable<string> Hardening(V1Deployment deployment, V1Container container)
    {
        var pod = deployment.Spec.Template.Spec;
        var security = container.SecurityContext;
        if ((security?.RunAsNonRoot ?? pod.SecurityContext?.RunAsNonRoot) is not true)
        {
            yield return "runAsNonRoot is not true";
        }
        if (security?.ReadOnlyRootFilesystem is not true)
        {
            yield return "readOnlyRootFilesystem is not true";
        }
        if (security?.AllowPrivilegeEscalation is not false)
        {
            yield return "allowPrivilegeEscalation is not false";
        }
        if (security?.Capabilities?.Drop?.Contains("ALL") is not true)
        {
            yield return "capabilities.drop has no ALL";
        }
        // A read-only root needs writable /tmp and data folder: emptyDir volumes.
        foreach (var path in WritablePaths)
        {
            var mount = container.VolumeMounts?.FirstOrDefault(m => m.MountPath == path);
            if (mount is null || pod.Volumes?.FirstOrDefault(v => v.Name == mount.Name)?.EmptyDir is null)
            {
                yield return $"{path} is not an emptyDir volume";
            }
        }
    }

    private static bool HasTag(string? image)
    {
        var name = image?.Split('@')[0] ?? "";
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') && name[(colon + 1)..] is { Length: > 0 } tag && tag != "latest";
    }
}
