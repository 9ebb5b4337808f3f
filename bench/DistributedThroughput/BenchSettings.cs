using WvsMesh.BenchKit;

namespace WvsMesh.DistributedThroughput;

/// <summary>
/// What one run measures: per configuration a warm-up and a measured batch of triggers sent with a fixed concurrency;
/// each round runs both configurations (one and two Pipelines replicas); the servers come from the environment; the time
/// limit stops the run, finished or not.
/// </summary>
internal sealed record BenchSettings(
    int Triggers, int Concurrency, int Warmup, int Rounds, TimeSpan TimeLimit, string Postgres, string RabbitMq)
{
    public const string Help = """
        Trigger throughput and latency of the distributed composition (Gateway, Tokens, Pipelines, Webhooks as separate
        processes over RabbitMQ and PostgreSQL) with ONE and with TWO Pipelines replicas, in the same run; prints Markdown.

        usage: dotnet run -c Release --project bench/DistributedThroughput -- [options]

          --triggers N     measured triggers per configuration                (default 400)
          --concurrency C  requests in flight at once                         (default 16)
          --warmup N       unmeasured triggers first, per configuration       (default 50)
          --rounds N       rounds of both configurations, order alternating   (default 2)
          --minutes M      time limit: a round starts only if it fits, and
                           whatever runs is stopped at M minutes              (default 5)
          --help           this text

        environment (both required):
          WVS_BENCH_POSTGRES  Npgsql connection string to a database whose user may CREATE DATABASE;
                              every configuration gets fresh databases, dropped after it
          WVS_BENCH_RABBITMQ  amqp:// URI of the broker

        The easiest servers are the private ones the tests use (PostgreSQL 15 + RabbitMQ on 127.0.0.1):
          source scripts/test-servers.sh && wvs_servers_start /tmp/wvs-bench-servers
          WVS_BENCH_POSTGRES="$WVS_TEST_POSTGRES" WVS_BENCH_RABBITMQ="$WVS_TEST_RABBITMQ" \
            dotnet run -c Release --project bench/DistributedThroughput
          wvs_servers_stop /tmp/wvs-bench-servers
        """;

    /// <summary>The settings, or null with <paramref name="error"/> set (null too for <c>--help</c>).</summary>
    public static BenchSettings? Parse(string[] args, out string? error)
    {
        if (BenchArguments.Parse(args, ["triggers", "concurrency", "warmup", "rounds", "minutes"], out error) is not { } arguments)
        {
            return null;
        }
        var triggers = arguments.Number("triggers", 400, 1, 1_000_000);
        var concurrency = arguments.Number("concurrency", 16, 1, 1_024);
        var warmup = arguments.Number("warmup", 50, 0, 1_000_000);
        var rounds = arguments.Number("rounds", 2, 1, 100);
        var minutes = arguments.Number("minutes", 5, 1, 24 * 60);
        var postgres = Environment.GetEnvironmentVariable("WVS_BENCH_POSTGRES");
        var rabbitMq = Environment.GetEnvironmentVariable("WVS_BENCH_RABBITMQ");
        if (string.IsNullOrWhiteSpace(postgres) || string.IsNullOrWhiteSpace(rabbitMq))
        {
            arguments.Fail("WVS_BENCH_POSTGRES and WVS_BENCH_RABBITMQ must both be set");
        }
        error = arguments.Error;
        return error is null
            ? new BenchSettings(triggers, concurrency, warmup, rounds, TimeSpan.FromMinutes(minutes), postgres!, rabbitMq!) // not null: checked above
            : null;
    }
}
