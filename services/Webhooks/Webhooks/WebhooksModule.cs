using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WvsMesh.ServiceDefaults;
using WvsMesh.ServiceDefaults.Data;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Security;
using WvsMesh.Webhooks.Deliveries;
using WvsMesh.Webhooks.Hooks;

namespace WvsMesh.Webhooks;

/// <summary>
/// The Webhooks service: the delivery log of the webhook form of the trigger URL (fed by Tokens' events), and outbound
/// project hooks that announce pipeline events.
/// </summary>
public static class WebhooksModule
{
    /// <summary>The name of the Webhooks database (<c>ConnectionStrings:webhooks</c>, or <c>webhooks.db</c> embedded).</summary>
    public const string Database = "webhooks";

    /// <summary>Registers the Webhooks stores, options and workers.</summary>
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        builder.AddDatabase(Database, typeof(WebhooksModule).Assembly);
        builder.Services.AddOptions<WebhooksOptions>().BindConfiguration(WebhooksOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(services => new SecretCipher(EncryptionKey.Load(services.GetRequiredService<IOptions<WvsOptions>>().Value)));
        builder.AddTriggerDeliveries();
        builder.AddProjectHooks();
        return builder;
    }

    /// <summary>Maps the Webhooks HTTP API.</summary>
    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder routes)
    {
        // Malformed bodies are refused before any handler binding GitLabParameters runs (#13).
        var api = routes.MapGroup("").RefuseMalformedBodies();
        api.MapTriggerDeliveries();
        api.MapProjectHooks();
        return routes;
    }

    /// <summary>Adds the Webhooks consumers to the bus.</summary>
    public static IBusRegistrationConfigurator AddWebhooksConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddTriggerDeliveriesConsumers();
        bus.AddProjectHooksConsumers();
        return bus;
    }
}
