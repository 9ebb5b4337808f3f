using System.Data.Common;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace WvsMesh.ServiceDefaults.Data;

/// <summary>
/// The database switch. A host says where its databases live (<see cref="AddPostgres"/> per database, or
/// <see cref="AddEmbeddedStorage"/> for SQLite files); a module says which database it owns (<see cref="AddDatabase"/>).
/// Stores take <c>[FromKeyedServices(name)] DbDataSource</c> either way.
/// </summary>
public static class DatabaseExtensions
{
    /// <summary>Puts database <paramref name="name"/> on PostgreSQL, from <c>ConnectionStrings:&lt;name&gt;</c>.</summary>
    public static IHostApplicationBuilder AddPostgres(this IHostApplicationBuilder builder, string name)
    {
        var connectionString = builder.Configuration.GetConnectionString(name);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"Database '{name}' is on PostgreSQL but ConnectionStrings:{name} (environment ConnectionStrings__{name}) is not set.");
        }
        Registry(builder).Postgres[name] = connectionString;
        return builder;
    }

    /// <summary>Puts every database without a PostgreSQL connection on SQLite, one file per database under <c>WVS_DATA_DIR</c>.</summary>
    public static IHostApplicationBuilder AddEmbeddedStorage(this IHostApplicationBuilder builder)
    {
        Registry(builder).Embedded = true;
        return builder;
    }

    /// <summary>
    /// Declares that a module owns database <paramref name="name"/> with migrations embedded in
    /// <paramref name="migrations"/> under <c>Migrations/&lt;postgres|sqlite&gt;/</c>; they run at start-up.
    /// </summary>
    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder, string name, Assembly migrations)
    {
        var registry = Registry(builder);
        DapperTypeHandlers.Register();
        builder.Services.AddKeyedSingleton(name, (services, _) => registry.Open(name, services));
        builder.Services.AddSingleton(new ModuleDatabase(name, migrations));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MigrationRunner>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SqliteCheckpoints>());
        builder.Services.AddHealthChecks().Add(new(
            $"db-{name}",
            services => new DatabaseHealthCheck(services.GetRequiredKeyedService<DbDataSource>(name)),
            failureStatus: null,
            tags: [HealthTags.Ready]));
        return builder;
    }

    private static DatabaseRegistry Registry(IHostApplicationBuilder builder)
    {
        if (!builder.Properties.TryGetValue(typeof(DatabaseRegistry), out var value))
        {
            value = new DatabaseRegistry(builder.Configuration);
            builder.Properties[typeof(DatabaseRegistry)] = value;
        }
        return (DatabaseRegistry)value;
    }

    private sealed class DatabaseRegistry(IConfiguration configuration)
    {
        public Dictionary<string, string> Postgres { get; } = new(StringComparer.Ordinal);

        public bool Embedded { get; set; }

        public DbDataSource Open(string name, IServiceProvider services)
        {
            if (Postgres.TryGetValue(name, out var connectionString))
            {
                var builder = new NpgsqlDataSourceBuilder(connectionString);
                // The migration runner opens its own connections from DbDataSource.ConnectionString, which must keep the password.
                builder.ConnectionStringBuilder.PersistSecurityInfo = true;
                // The stores set no session state, so a pooled connection needs no DISCARD ALL on return (a third of a
                // trigger's statements, #14), and its prepared statements stay prepared: Npgsql prepares the statements a
                // connection runs most often itself. A connection string that says otherwise wins.
                if (!connectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase))
                {
                    builder.ConnectionStringBuilder.NoResetOnClose = true;
                }
                if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
                {
                    builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
                }
                builder.UseLoggerFactory(services.GetService<Microsoft.Extensions.Logging.ILoggerFactory>());
                return builder.Build();
            }
            if (!Embedded)
            {
                throw new InvalidOperationException(
                    $"Database '{name}' has no storage: the host must call AddPostgres(\"{name}\") or AddEmbeddedStorage().");
            }
            var options = configuration.Get<WvsOptions>() ?? new WvsOptions();
            return SqliteDataSource.ForFile(Path.Combine(options.DataDirectory(), name + ".db"));
        }
    }
}

/// <summary>A database a module owns, with the assembly its migrations are embedded in.</summary>
public sealed record ModuleDatabase(string Name, Assembly Migrations);
