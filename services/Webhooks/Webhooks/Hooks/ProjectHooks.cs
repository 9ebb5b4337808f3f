using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace WvsMesh.Webhooks.Hooks;

/// <summary>Outbound project hooks (GitLab's project webhooks, pipeline events): registration, API and consumers.</summary>
internal static class ProjectHooks
{
    /// <summary>The stores, the URL policy, the guarded HTTP clients, the event queue and the dispatcher.</summary>
    public static IHostApplicationBuilder AddProjectHooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ProjectHookStore>();
        builder.Services.AddSingleton<HookEventStore>();
        builder.Services.AddSingleton<HookUrlPolicy>();
        builder.Services.AddSingleton<HookConnections>();
        builder.Services.AddSingleton<HookDelivery>();
        builder.Services.AddSingleton<HookDispatchSignal>();
        builder.Services.AddSingleton<HookEventQueue>();
        builder.Services.AddHostedService<HookDispatcher>();
        return builder;
    }

    /// <summary><c>/projects/:id/hooks…</c> and the hooks' delivery log.</summary>
    public static IEndpointRouteBuilder MapProjectHooks(this IEndpointRouteBuilder routes)
    {
        routes.MapProjectHooksApi();
        routes.MapHookEventsApi();
        return routes;
    }

    /// <summary>Pipeline news becomes hook events.</summary>
    public static IBusRegistrationConfigurator AddProjectHooksConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<PipelineCreatedConsumer, PipelineCreatedConsumerDefinition>();
        bus.AddConsumer<PipelineStatusChangedConsumer, PipelineStatusChangedConsumerDefinition>();
        return bus;
    }
}
