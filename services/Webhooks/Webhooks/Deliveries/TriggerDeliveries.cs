using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace WvsMesh.Webhooks.Deliveries;

/// <summary>
/// The inbound delivery log: every request on the webhook form of the trigger URL, as Tokens (which serves that URL)
/// announces it with <c>TriggerDeliveryHandled</c>.
/// </summary>
internal static class TriggerDeliveries
{
    public static IHostApplicationBuilder AddTriggerDeliveries(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TriggerDeliveryStore>();
        return builder;
    }

    public static IEndpointRouteBuilder MapTriggerDeliveries(this IEndpointRouteBuilder routes)
    {
        routes.MapTriggerDeliveriesApi();
        return routes;
    }

    public static IBusRegistrationConfigurator AddTriggerDeliveriesConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<TriggerDeliveryHandledConsumer, TriggerDeliveryHandledConsumerDefinition>();
        return bus;
    }
}
