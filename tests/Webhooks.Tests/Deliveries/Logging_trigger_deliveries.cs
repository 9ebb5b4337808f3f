using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using WvsMesh.Contracts.Tokens;
using WvsMesh.TestKit;
using WvsMesh.Webhooks.Deliveries;
using Xunit;

namespace WvsMesh.Webhooks.Tests.Deliveries;

/// <summary>
/// #14: the delivery log is written from the <see cref="TriggerDeliveryHandled"/> event Tokens publishes for each request
/// on the webhook form; its consumer (through MassTransit's test harness, on each dialect's real database) writes one row
/// per delivery however often the event comes, and tells repeats of a pipeline by when they arrived, not by when the
/// log heard of them.
/// </summary>
public abstract class Logging_trigger_deliveries(ConsumerHost host) : IAsyncDisposable
{
    private const long ProjectId = 42;

    [Fact]
    public async Task A_redelivered_event_is_one_delivery_in_the_log()
    {
        var (harness, store) = await StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var handled = Handled(DateTimeOffset.UtcNow, pipelineId: 7);

        await harness.Bus.Publish(handled, ct);
        await harness.Bus.Publish(handled, ct);
        await ConsumedAsync(harness, 2, ct);

        var (rows, total) = await store.ListAsync(ProjectId, 0, 100, ct);
        Assert.Equal(1, total);
        var row = Assert.Single(rows);
        Assert.Equal((handled.DeliveryId, "created", 201, 7L), (row.Uuid, row.Outcome, row.StatusCode, row.PipelineId));
        Assert.Equal(handled.Body, await store.BodyAsync(ProjectId, row.Id, ct));
    }

    [Fact]
    public async Task The_later_delivery_of_a_pipeline_is_the_duplicate_even_when_its_event_comes_first()
    {
        var (harness, store) = await StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var now = DateTimeOffset.UtcNow;
        var first = Handled(now, pipelineId: 9);
        var repeat = Handled(now.AddMilliseconds(30), pipelineId: 9);
        var other = Handled(now.AddMilliseconds(60), pipelineId: 10);

        await harness.Bus.Publish(repeat, ct);
        await ConsumedAsync(harness, 1, ct);
        await harness.Bus.Publish(other, ct);
        await harness.Bus.Publish(first, ct);
        await ConsumedAsync(harness, 3, ct);

        var (rows, _) = await store.ListAsync(ProjectId, 0, 100, ct);
        var outcomes = rows.ToDictionary(row => row.Uuid, row => row.Outcome);
        Assert.Equal("created", outcomes[first.DeliveryId]);
        Assert.Equal("duplicate", outcomes[repeat.DeliveryId]);
        Assert.Equal("created", outcomes[other.DeliveryId]);
    }

    [Fact]
    public async Task A_delivery_without_a_valid_token_or_signature_is_logged_without_its_body()
    {
        var (harness, store) = await StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var notFound = Handled(DateTimeOffset.UtcNow, pipelineId: null) with { StatusCode = 404, Outcome = "refused", Message = "404 Not Found" };

        await harness.Bus.Publish(notFound, ct);
        await ConsumedAsync(harness, 1, ct);

        var row = Assert.Single((await store.ListAsync(ProjectId, 0, 100, ct)).Page);
        Assert.Equal((404, "refused", "404 Not Found"), (row.StatusCode, row.Outcome, row.Message));
        Assert.Null(await store.BodyAsync(ProjectId, row.Id, ct));
    }

    private static TriggerDeliveryHandled Handled(DateTimeOffset receivedAt, long? pipelineId) => new()
    {
        DeliveryId = NewId.NextGuid(),
        TraceId = "0af7651916cd43dd8448eb211c80319c",
        ProjectRef = ProjectId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ProjectId = ProjectId,
        Ref = "feature/x",
        DeliveryKey = Guid.NewGuid().ToString(),
        Event = "Push Hook",
        ContentType = "application/json",
        Size = 17,
        Body = """{"token":"[MASKED]"}"""u8.ToArray(),
        StatusCode = 201,
        Outcome = "created",
        PipelineId = pipelineId,
        ReceivedAt = receivedAt,
        CompletedAt = receivedAt.AddMilliseconds(5),
    };

    /// <summary>Waits until the consumer has finished <paramref name="count"/> events in all.</summary>
    private static async Task ConsumedAsync(ITestHarness harness, int count, CancellationToken ct)
    {
        var consumer = harness.GetConsumerHarness<TriggerDeliveryHandledConsumer>();
        var seen = 0;
        await foreach (var _ in consumer.Consumed.SelectAsync<TriggerDeliveryHandled>(ct))
        {
            if (++seen == count)
            {
                return;
            }
        }
        Assert.Fail($"the consumer finished {seen} of {count} events");
    }

    private async Task<(ITestHarness Harness, TriggerDeliveryStore Store)> StartAsync()
    {
        await host.StartAsync(WebhooksModule.Database, typeof(WebhooksModule).Assembly,
            services => services.AddSingleton<TriggerDeliveryStore>(),
            bus => bus.AddConsumer<TriggerDeliveryHandledConsumer, TriggerDeliveryHandledConsumerDefinition>(),
            TestContext.Current.CancellationToken);
        return (host.Harness, host.Services.GetRequiredService<TriggerDeliveryStore>());
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The all-in-one host's storage: SQLite.</summary>
public sealed class Logging_trigger_deliveries_on_sqlite() : Logging_trigger_deliveries(ConsumerHost.OnSqlite());

/// <summary>The distributed composition's storage: PostgreSQL.</summary>
public sealed class Logging_trigger_deliveries_on_postgres() : Logging_trigger_deliveries(ConsumerHost.OnPostgres());
