using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WvsMesh.Contracts.Tokens;
using WvsMesh.Gateway.Consumers;
using WvsMesh.Gateway.Edge;
using WvsMesh.Gateway.Ui;
using WvsMesh.ServiceDefaults.Bus;

namespace WvsMesh.Gateway;

/// <summary>
/// The gateway's edge concerns, shared by the YARP host and the all-in-one host: caller authentication, the signed
/// identity every service trusts, and the web UI's sign-in, session cookie and pages.
/// </summary>
public static class GatewayModule
{
    /// <summary>Registers the edge services.</summary>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<UiOptions>().BindConfiguration(UiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<IdentityCache>();
        builder.Services.AddSingleton<SessionTokens>();
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddSingleton<UiFiles>();
        builder.Services.AddScoped<CallerAuthentication>();
        return builder;
    }

    /// <summary>Adds the gateway's consumers (identity-cache eviction on Tokens' events) and its sign-in and sign-out request clients.</summary>
    public static IBusRegistrationConfigurator AddGatewayConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<PersonalAccessTokenRevokedConsumer, EveryReplicaConsumerDefinition<PersonalAccessTokenRevokedConsumer>>();
        bus.AddConsumer<UserStateChangedConsumer, EveryReplicaConsumerDefinition<UserStateChangedConsumer>>();
        bus.AddConsumer<ProjectMemberChangedConsumer, EveryReplicaConsumerDefinition<ProjectMemberChangedConsumer>>();
        bus.AddConsumer<SessionEndedConsumer, EveryReplicaConsumerDefinition<SessionEndedConsumer>>();
        bus.AddRequestClient<PasswordSignInRequested>(RequestTimeout.After(s: 15));
        bus.AddRequestClient<SessionEndRequested>(RequestTimeout.After(s: 15));
        return bus;
    }

    /// <summary>
    /// Puts the edge in front of every route (drop forged identities, authenticate, sign) and maps the web UI, which the
    /// gateway serves itself in every host: <c>/users/sign_in</c>, <c>/users/sign_out</c>, <c>/</c> and <c>/-/**</c>.
    /// </summary>
    public static WebApplication UseGateway(this WebApplication app)
    {
        app.UseMiddleware<CallerAuthentication>();
        app.MapGatewayUi();
        return app;
    }

    /// <summary>Maps the web UI's sign-in, sign-out, pages and assets (called by <see cref="UseGateway"/>).</summary>
    public static IEndpointRouteBuilder MapGatewayUi(this IEndpointRouteBuilder routes)
    {
        routes.MapSignInApi();
        routes.MapPagesApi();
        return routes;
    }
}
