using WvsMesh.BenchKit;

namespace WvsMesh.TriggerThroughput;

/// <summary>What one run measures: how long each measurement and the warm-up last, how many rounds, which configurations.</summary>
internal sealed record BenchOptions(int Seconds, int Rounds, int WarmupSeconds, int WarmupMaxSeconds, IReadOnlyList<string> Only)
{
    public const string Help = """
        Trigger throughput and latency of both products (the all-in-one host; the distributed composition through its
        gateway) against baselines (bare Kestrel; Kestrel + one SQLite INSERT at synchronous FULL and NORMAL; Kestrel +
        one PostgreSQL INSERT), interleaved in one run: closed loop at 16 and 64 connections, then a fixed rate at half
        the closed-loop maximum. Prints Markdown tables.

        usage: dotnet run -c Release --project bench/TriggerThroughput -- [options]

          --seconds N          length of each measurement                              (default 15)
          --rounds N           rounds; every configuration in every mode once a round,
                               the order rotating from round to round                  (default 3)
          --warmup-seconds N   unmeasured closed-loop load per configuration first     (default 20)
          --warmup-max-seconds N  and then more, in 5 s steps, until the hosts' tiered
                               compilation threads use under 2 % of their CPU,
                               for at most this long in all                            (default 180)
          --only A,B           only these configurations (default: all):
                               raw, sqlite-full, sqlite-normal, postgres, allinone, distributed
          --help               this text

        environment (postgres and distributed only): WVS_BENCH_POSTGRES (an Npgsql connection string whose user may
        CREATE DATABASE) and WVS_BENCH_RABBITMQ (amqp://); when neither is set, private servers are started with
        scripts/test-servers.sh and stopped at the end.
        """;

    /// <summary>The options, or null with <paramref name="error"/> set (null too for <c>--help</c>).</summary>
    public static BenchOptions? Parse(string[] args, out string? error)
    {
        if (BenchArguments.Parse(args, ["seconds", "rounds", "warmup-seconds", "warmup-max-seconds", "only"], out error) is not { } arguments)
        {
            return null;
        }
        var seconds = arguments.Number("seconds", 15, 1, 3_600);
        var rounds = arguments.Number("rounds", 3, 1, 100);
        var warmup = arguments.Number("warmup-seconds", 20, 0, 3_600);
        var warmupMax = Math.Max(warmup, arguments.Number("warmup-max-seconds", 180, 0, 3_600));
        var only = arguments.Text("only") is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList()
            : [.. Configurations.All];
        if (only.Except(Configurations.All).FirstOrDefault() is { } unknown)
        {
            arguments.Fail($"--only: no configuration named {unknown} (there are {string.Join(", ", Configurations.All)})");
        }
        if (only.Count == 0)
        {
            arguments.Fail("--only names no configuration");
        }
        error = arguments.Error;
        // In table order, whatever order --only gave.
        return error is null ? new BenchOptions(seconds, rounds, warmup, warmupMax, [.. Configurations.All.Where(only.Contains)]) : null;
    }
}
