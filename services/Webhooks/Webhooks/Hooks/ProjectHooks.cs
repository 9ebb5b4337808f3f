using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace WvsMesh.Webhooks.Hooks;

/// <summary>Outbound project hooks (GitLab's project webhooks, pipeline events): registration, API and consumers.</summary>
internal static class ProjectHooks
{
    public static IHostApplicationBuilder AddProjectHooks(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapProjectHooks(this IEndpointRouteBuilder routes) => routes;

    public static IBusRegistrationConfigurator AddProjectHooksConsumers(this IBusRegistrationConfigurator bus) => bus;
}
