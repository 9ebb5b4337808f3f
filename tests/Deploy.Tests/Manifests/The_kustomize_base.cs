using k8s.Models;
using Xunit;

namespace WvsMesh.Deploy.Tests.Manifests;

/// <summary>deploy/k8s, rendered by <c>kubectl kustomize</c>: every object valid against the API types, all of it there.</summary>
public sealed class The_kustomize_base
{
    [Fact]
    public async Task Renders_only_valid_Kubernetes_objects()
    {
        var rendered = await Kustomize.RenderedBaseAsync();

        Expect.None(rendered.Errors);
        Assert.NotEmpty(rendered.Objects);
    }

    [Fact]
    public async Task Renders_every_workload_with_its_service_budget_and_autoscaler()
    {
        var rendered = await Kustomize.RenderedBaseAsync();
        var ids = rendered.Objects.Select(o => o.Id).ToHashSet();

        string[] expected =
        [
            $"Namespace/{Workloads.Namespace}", "Deployment/runner", "Cluster/wvsmesh-pg", "RabbitmqCluster/wvsmesh-rabbitmq",
            .. Workloads.HttpHosts.SelectMany(host => new[]
            {
                $"Deployment/{host}", $"Service/{host}", $"PodDisruptionBudget/{host}", $"HorizontalPodAutoscaler/{host}",
            }),
        ];
        Expect.None(expected.Where(id => !ids.Contains(id)).Select(id => $"{id} is missing"));
        string[] deployments = [.. Workloads.HttpHosts, Workloads.Runner];
        Assert.Equal(deployments.Order(), rendered.All<V1Deployment>().Select(d => d.Name()).Order());
    }

    [Fact]
    public async Task Puts_every_namespaced_object_into_the_wvsmesh_namespace()
    {
        var rendered = await Kustomize.RenderedBaseAsync();

        Expect.None(rendered.Objects
            .Where(o => o.Kind != "Namespace")
            .Where(o => o.Source["metadata"]?["namespace"]?.GetValue<string>() != Workloads.Namespace)
            .Select(o => $"{o.Id} is not in namespace {Workloads.Namespace}"));
    }

    [Fact]
    public async Task Runs_postgres_as_three_instances_with_a_database_per_service()
    {
        var rendered = await Kustomize.RenderedBaseAsync();

        var cluster = Assert.Single(rendered.All<CnpgCluster>());
        Assert.Equal(3, cluster.Spec?.Instances);
        var initdb = cluster.Spec?.Bootstrap?.Initdb;
        Assert.Equal("wvs_tokens", initdb?.Database);
        Assert.Contains($"CREATE DATABASE wvs_pipelines OWNER {initdb?.Owner}", initdb?.PostInitSql ?? []);
        Assert.Contains($"CREATE DATABASE wvs_webhooks OWNER {initdb?.Owner}", initdb?.PostInitSql ?? []);
    }

    [Fact]
    public async Task Runs_rabbitmq_as_three_nodes_with_quorum_queues()
    {
        var rendered = await Kustomize.RenderedBaseAsync();

        var cluster = Assert.Single(rendered.All<RabbitmqCluster>());
        Assert.Equal(3, cluster.Spec?.Replicas);
        Assert.Contains("default_queue_type = quorum", cluster.Spec?.Rabbitmq?.AdditionalConfig, StringComparison.Ordinal);
    }
}
