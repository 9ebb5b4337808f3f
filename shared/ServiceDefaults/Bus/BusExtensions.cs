using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace WvsMesh.ServiceDefaults.Bus;

/// <summary>The one place the bus is configured (STYLE.md #9); modules only add consumers.</summary>
public static class BusExtensions
{
    /// <summary>
    /// Adds MassTransit on RabbitMQ when <c>RabbitMq:Host</c> is set, else on the in-memory transport.
    /// <paramref name="consumers"/> is where modules register theirs.
    /// </summary>
    public static IHostApplicationBuilder AddBus(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? consumers = null)
    {
        var options = builder.Configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();
        builder.Services.AddOptions<BusOptions>().BindConfiguration(BusOptions.Section);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddConsumeObserver<ConsumeLag>();
        builder.Services.AddMassTransit(bus =>
        {
            // WvsMesh runs on closed networks; MassTransit's usage report would fail there and leaks deployment facts.
            bus.DisableUsageTelemetry();
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(includeNamespace: true));
            bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                endpoint.UseMessageRetry(retry =>
                    retry.Intervals(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2)));
                if (options.QuorumQueues && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    rabbit.SetQuorumQueue();
                }
            });
            consumers?.Invoke(bus);

            if (options.UsesRabbitMq)
            {
                bus.UsingRabbitMq((context, cfg) =>
                {
                    ConfigureHost(cfg, options);
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            }
        });
        return builder;
    }

    private static void ConfigureHost(IRabbitMqBusFactoryConfigurator cfg, BusOptions options)
    {
        // A URI carries its own credentials; a bare host name takes them from the options.
        if (Uri.TryCreate(options.Host, UriKind.Absolute, out var uri) && uri.Scheme is "amqp" or "amqps" or "rabbitmq")
        {
            cfg.Host(uri);
            return;
        }
        cfg.Host(options.Host, host =>
        {
            host.Username(options.Username);
            host.Password(options.Password);
        });
    }
}
