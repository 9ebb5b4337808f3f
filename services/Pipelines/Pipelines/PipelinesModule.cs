using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WvsMesh.Pipelines.Api;
using WvsMesh.Pipelines.Consumers;
using WvsMesh.Pipelines.Creation;
using WvsMesh.Pipelines.Data;
using WvsMesh.Pipelines.Execution;
using WvsMesh.Pipelines.Repositories;
using WvsMesh.ServiceDefaults;
using WvsMesh.ServiceDefaults.Bus;
using WvsMesh.ServiceDefaults.Data;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Repositories;
using WvsMesh.ServiceDefaults.Security;

namespace WvsMesh.Pipelines;

/// <summary>The Pipelines service: repository mirrors, pipelines and their variables, created from <c>PipelineRequested</c>.</summary>
public static class PipelinesModule
{
    /// <summary>The name of the Pipelines database (<c>ConnectionStrings:pipelines</c>, or <c>pipelines.db</c> embedded).</summary>
    public const string Database = "pipelines";

    /// <summary>Registers the Pipelines stores and the repository mirror.</summary>
    public static IHostApplicationBuilder AddPipelines(this IHostApplicationBuilder builder)
    {
        builder.AddDatabase(Database, typeof(PipelinesModule).Assembly);
        builder.Services.AddOptions<PipelinesOptions>().BindConfiguration(PipelinesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<CreationThrottle>();
        builder.Services.AddSingleton<PipelineStore>();
        builder.Services.AddSingleton<JobStore>();
        builder.Services.AddSingleton<ProjectVariableStore>();
        builder.Services.AddSingleton<RunnerStore>();
        builder.Services.AddSingleton<JobRunStore>();
        builder.Services.AddSingleton<JobQueueSignal>();
        builder.Services.AddScoped<JobPayloadBuilder>();
        builder.Services.AddScoped<JobRuns>();
        builder.Services.AddSingleton(services => new SecretCipher(EncryptionKey.Load(services.GetRequiredService<IOptions<WvsOptions>>().Value)));
        builder.Services.AddSingleton<Git>();
        builder.Services.AddSingleton<RepositoryMirror>();
        builder.Services.AddSingleton<RepositorySources>();
        builder.Services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section);
        builder.Services.AddScoped<PipelineCreator>();
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<ConfigCache>();
        return builder;
    }

    /// <summary>Maps the Pipelines HTTP API.</summary>
    public static IEndpointRouteBuilder MapPipelines(this IEndpointRouteBuilder routes)
    {
        // Malformed bodies are refused before any handler binding GitLabParameters runs (#13).
        var api = routes.MapGroup("").RefuseMalformedBodies();
        api.MapPipelinesApi();
        api.MapProjectVariablesApi();
        api.MapJobsApi();
        api.MapRunnersApi();
        api.MapRunnerJobsApi();
        api.MapMirrorApi();
        return routes;
    }

    /// <summary>Adds the Pipelines consumers to the bus.</summary>
    public static IBusRegistrationConfigurator AddPipelinesConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<PipelineRequestedConsumer, PipelineRequestedConsumerDefinition>();
        bus.AddConsumer<MirrorPullRequestedConsumer, EveryReplicaConsumerDefinition<MirrorPullRequestedConsumer>>();
        bus.AddRequestClient<Contracts.Tokens.JobTokenRegistrationRequested>(RequestTimeout.After(s: 10));
        return bus;
    }
}
