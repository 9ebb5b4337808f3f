using System.Text.Json.Serialization;
using k8s.Models;

namespace WvsMesh.Deploy.Tests.Manifests;

/// <summary>
/// The two operator resources the base uses, modelled with only the fields it sets (the client has no models for
/// CRDs). Strict like the Kubernetes models: a field not below is reported as "not a field". Add a field here when the
/// base starts using it, after checking it in the operator's API reference.
/// </summary>
internal static class OperatorResources
{
    public static IEnumerable<KeyValuePair<string, Type>> Types =>
    [
        new("postgresql.cnpg.io/v1/Cluster", typeof(CnpgCluster)),
        new("rabbitmq.com/v1beta1/RabbitmqCluster", typeof(RabbitmqCluster)),
    ];
}

/// <summary>CloudNativePG's Cluster (postgresql.cnpg.io/v1), https://cloudnative-pg.io/documentation/current/cloudnative-pg.v1/.</summary>
internal sealed class CnpgCluster
{
    public string? ApiVersion { get; init; }
    public string? Kind { get; init; }
    public V1ObjectMeta? Metadata { get; init; }
    public CnpgClusterSpec? Spec { get; init; }
}

internal sealed class CnpgClusterSpec
{
    public int? Instances { get; init; }
    public string? ImageName { get; init; }
    public CnpgStorage? Storage { get; init; }
    public V1ResourceRequirements? Resources { get; init; }
    public CnpgBootstrap? Bootstrap { get; init; }
}

internal sealed class CnpgStorage
{
    public ResourceQuantity? Size { get; init; }
    public string? StorageClass { get; init; }
}

internal sealed class CnpgBootstrap
{
    public CnpgInitDb? Initdb { get; init; }
}

internal sealed class CnpgInitDb
{
    public string? Database { get; init; }
    public string? Owner { get; init; }

    [JsonPropertyName("postInitSQL")]
    public IList<string>? PostInitSql { get; init; }
}

/// <summary>The RabbitMQ Cluster Operator's RabbitmqCluster (rabbitmq.com/v1beta1), https://www.rabbitmq.com/kubernetes/operator/using-operator.</summary>
internal sealed class RabbitmqCluster
{
    public string? ApiVersion { get; init; }
    public string? Kind { get; init; }
    public V1ObjectMeta? Metadata { get; init; }
    public RabbitmqClusterSpec? Spec { get; init; }
}

internal sealed class RabbitmqClusterSpec
{
    public int? Replicas { get; init; }
    public string? Image { get; init; }
    public V1ResourceRequirements? Resources { get; init; }
    public RabbitmqPersistence? Persistence { get; init; }
    public RabbitmqConfiguration? Rabbitmq { get; init; }
}

internal sealed class RabbitmqPersistence
{
    public string? StorageClassName { get; init; }
    public ResourceQuantity? Storage { get; init; }
}

internal sealed class RabbitmqConfiguration
{
    public string? AdditionalConfig { get; init; }
    public IList<string>? AdditionalPlugins { get; init; }
}
