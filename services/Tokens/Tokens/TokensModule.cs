using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WvsMesh.ServiceDefaults;
using WvsMesh.ServiceDefaults.Data;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Repositories;
using WvsMesh.ServiceDefaults.Security;
using WvsMesh.Tokens.Api;
using WvsMesh.Tokens.Consumers;
using WvsMesh.Tokens.Data;
using WvsMesh.Tokens.Domain;
using WvsMesh.Tokens.Triggering;

namespace WvsMesh.Tokens;

/// <summary>
/// The Tokens service: users, personal access tokens, projects and members, trigger tokens, and both trigger URLs (the
/// API form and the webhook form), which validate a token, impersonate its owner and ask Pipelines for the pipeline.
/// </summary>
public static class TokensModule
{
    /// <summary>The name of the Tokens database (<c>ConnectionStrings:tokens</c>, or <c>tokens.db</c> embedded).</summary>
    public const string Database = "tokens";

    /// <summary>Registers the Tokens stores, options and start-up work.</summary>
    public static IHostApplicationBuilder AddTokens(this IHostApplicationBuilder builder)
    {
        builder.AddDatabase(Database, typeof(TokensModule).Assembly);
        builder.Services.AddOptions<TokensOptions>().BindConfiguration(TokensOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section);
        builder.Services.AddSingleton<UserStore>();
        builder.Services.AddSingleton<ProjectStore>();
        builder.Services.AddSingleton<TriggerTokenStore>();
        builder.Services.AddSingleton<ProtectedRefStore>();
        builder.Services.AddSingleton<JobTokenStore>();
        builder.Services.AddSingleton<SessionStore>();
        builder.Services.AddSingleton<TriggerContextStore>();
        builder.Services.AddSingleton<TriggerUsageRecorder>();
        builder.Services.AddHostedService(services => services.GetRequiredService<TriggerUsageRecorder>());
        builder.Services.AddRateLimiter(limiter => limiter.AddPolicy(TriggersApi.RateLimitPolicy, TriggerManagementLimit.Partition));
        builder.Services.AddSingleton(services => new SecretCipher(EncryptionKey.Load(services.GetRequiredService<IOptions<WvsOptions>>().Value)));
        builder.Services.AddScoped<PipelineTrigger>();
        builder.Services.AddScoped<TriggerRequestHandler>();
        builder.Services.AddScoped<TriggerDeliveryAnnouncer>();
        builder.Services.AddHostedService<RootUserSeeder>();
        return builder;
    }

    /// <summary>Maps the Tokens HTTP API.</summary>
    public static IEndpointRouteBuilder MapTokens(this IEndpointRouteBuilder routes)
    {
        // Malformed bodies are refused before any handler binding GitLabParameters runs (#13).
        var api = routes.MapGroup("").RefuseMalformedBodies();
        api.MapUsersApi();
        api.MapProjectsApi();
        api.MapMembersApi();
        api.MapProtectedRefsApi();
        api.MapTriggersApi();
        api.MapTriggerPipelineApi();
        api.MapJobTokenScopeApi();
        return routes;
    }

    /// <summary>Adds the Tokens consumers to the bus.</summary>
    public static IBusRegistrationConfigurator AddTokensConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<CallerIdentityRequestedConsumer>();
        bus.AddConsumer<PasswordSignInRequestedConsumer>();
        bus.AddConsumer<SessionEndRequestedConsumer>();
        bus.AddConsumer<JobTokenRegistrationRequestedConsumer>();
        bus.AddConsumer<JobFinishedConsumer>();
        bus.AddRequestClient<Contracts.Pipelines.PipelineRequested>();
        return bus;
    }
}
