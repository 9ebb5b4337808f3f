namespace WvsMesh.ServiceDefaults.Bus;

/// <summary>
/// Which transport the bus uses. Without <see cref="Host"/> the bus is MassTransit's in-memory transport
/// (the all-in-one host); with it, RabbitMQ.
/// </summary>
public sealed class BusOptions
{
    /// <summary>Configuration section: <c>RabbitMq</c> (environment: <c>RabbitMq__Host</c>, …).</summary>
    public const string Section = "RabbitMq";

    /// <summary>RabbitMQ host name or <c>amqp://user:pass@host:port/vhost</c> URI. Default: none (in-memory).</summary>
    public string? Host { get; init; }

    /// <summary>User name when <see cref="Host"/> is a plain host name. Default <c>guest</c>.</summary>
    public string Username { get; init; } = "guest";

    /// <summary>Password when <see cref="Host"/> is a plain host name. Default <c>guest</c>.</summary>
    public string Password { get; init; } = "guest";

    /// <summary>
    /// Declare the consumers' queues as quorum queues (replicated across a RabbitMQ cluster) instead of classic ones.
    /// Default <c>false</c>; deployments on a cluster set it. A queue's type is fixed when it is first declared, so
    /// switching it on an existing broker needs the old queues deleted first.
    /// </summary>
    public bool QuorumQueues { get; init; }

    /// <summary>True when the bus runs on RabbitMQ.</summary>
    public bool UsesRabbitMq => !string.IsNullOrWhiteSpace(Host);
}
