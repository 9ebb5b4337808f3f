using Xunit;

namespace WvsMesh.EndToEnd.Tests.Distributed;

/// <summary>
/// One distributed composition for every class that needs it: its hosts share one RabbitMQ with fixed queue names, so
/// two compositions at once would consume each other's messages. The classes of the collection run one after another.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DistributedComposition : ICollectionFixture<DistributedHosts>
{
    public const string Name = "Distributed composition";
}
