using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace WvsMesh.Webhooks;

/// <summary>
/// The Webhooks service: the webhook form of the trigger URL and the delivery log. Its host runs, takes part in the
/// bus and answers health probes; the endpoints themselves arrive with issue #5 (the gateway already routes
/// <c>/projects/:id/ref/:ref/trigger/pipeline</c> here).
/// </summary>
public static class WebhooksModule
{
    /// <summary>Registers the Webhooks services (none yet).</summary>
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder) => builder;

    /// <summary>Maps the Webhooks HTTP API (none yet).</summary>
    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder routes) => routes;

    /// <summary>Adds the Webhooks consumers to the bus (none yet).</summary>
    public static IBusRegistrationConfigurator AddWebhooksConsumers(this IBusRegistrationConfigurator bus) => bus;
}
