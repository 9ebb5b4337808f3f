using MassTransit;

namespace WvsMesh.ServiceDefaults.Bus;

/// <summary>
/// For a consumer of state each replica holds for itself (a cache, a mirror's refs): every replica gets every message,
/// on a temporary queue per process whose name carries this process's instance id, so replicas never compete for one
/// queue as they do for work.
/// </summary>
public sealed class EveryReplicaConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    private static readonly string ProcessInstance = NewId.Next().ToString("N")[..12];

    public EveryReplicaConsumerDefinition() => Endpoint(endpoint =>
    {
        endpoint.Temporary = true;
        endpoint.InstanceId = ProcessInstance;
    });
}
