using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace WvsMesh.Webhooks.Deliveries;

/// <summary>Inbound trigger deliveries: the webhook form of the trigger URL and the delivery log.</summary>
internal static class TriggerDeliveries
{
    public static IHostApplicationBuilder AddTriggerDeliveries(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapTriggerDeliveries(this IEndpointRouteBuilder routes) => routes;

    public static IBusRegistrationConfigurator AddTriggerDeliveriesClients(this IBusRegistrationConfigurator bus) => bus;
}
