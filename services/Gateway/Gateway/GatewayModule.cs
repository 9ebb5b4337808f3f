using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WvsMesh.Gateway.Consumers;
using WvsMesh.Gateway.Edge;

namespace WvsMesh.Gateway;

/// <summary>
/// The gateway's edge concerns, shared by the YARP host and the all-in-one host: caller authentication and the
/// signed identity every service trusts.
/// </summary>
public static class GatewayModule
{
    /// <summary>Registers the edge services.</summary>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<IdentityCache>();
        builder.Services.AddScoped<CallerAuthentication>();
        return builder;
    }

    /// <summary>Adds the gateway's consumers: identity-cache eviction on Tokens' events.</summary>
    public static IBusRegistrationConfigurator AddGatewayConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<PersonalAccessTokenRevokedConsumer, IdentityChangeConsumerDefinition<PersonalAccessTokenRevokedConsumer>>();
        bus.AddConsumer<UserStateChangedConsumer, IdentityChangeConsumerDefinition<UserStateChangedConsumer>>();
        bus.AddConsumer<ProjectMemberChangedConsumer, IdentityChangeConsumerDefinition<ProjectMemberChangedConsumer>>();
        return bus;
    }

    /// <summary>Puts the edge in front of every route: drop forged identities, authenticate, sign.</summary>
    public static WebApplication UseGateway(this WebApplication app)
    {
        app.UseMiddleware<CallerAuthentication>();
        return app;
    }
}
