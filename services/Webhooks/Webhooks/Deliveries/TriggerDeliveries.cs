using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WvsMesh.Contracts.Tokens;

namespace WvsMesh.Webhooks.Deliveries;

/// <summary>Inbound trigger deliveries: the webhook form of the trigger URL and the delivery log.</summary>
internal static class TriggerDeliveries
{
    /// <summary>Longer than Tokens waits for Pipelines (30 s), so Tokens' own 202 arrives before this gives up.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(45);

    public static IHostApplicationBuilder AddTriggerDeliveries(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TriggerDeliveryStore>();
        builder.Services.AddScoped<TriggerDeliveryReceiver>();
        return builder;
    }

    public static IEndpointRouteBuilder MapTriggerDeliveries(this IEndpointRouteBuilder routes)
    {
        routes.MapWebhookTriggerApi();
        routes.MapTriggerDeliveriesApi();
        return routes;
    }

    public static IBusRegistrationConfigurator AddTriggerDeliveriesClients(this IBusRegistrationConfigurator bus)
    {
        bus.AddRequestClient<TriggerRequested>(RequestTimeout.After(s: (int)AnswerTimeout.TotalSeconds));
        return bus;
    }

    /// <summary>The text of a GitLab error body (<c>message</c> or <c>error</c>), for the delivery log.</summary>
    public static string? MessageOf(string body)
    {
        try
        {
            var node = JsonNode.Parse(body);
            var message = node?["message"] ?? node?["error"];
            var text = message is JsonValue value ? value.ToString() : message?.ToJsonString();
            return text is { Length: > 1000 } ? text[..1000] : text;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
