using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace WvsMesh.TriggerLookup;

/// <summary>One kind of trigger request the bench times; each ends in the validation, before any bus or git work.</summary>
internal sealed record Scenario(string Name, HttpStatusCode Expected, Func<Random, (long ProjectId, string Token)> Next);

/// <summary>Latency of one kind of request at one stored-token count, in milliseconds.</summary>
internal sealed record LatencyResult(string Storage, int StoredTokens, string Scenario, int Count, double Mean, double Median, double P95, double P99);

/// <summary>
/// Times <c>POST /api/v4/projects/:id/trigger/pipeline</c> over HTTP against one Tokens host per stored-token count, all
/// running at once on their own databases: one client, one request at a time, hosts and kinds of request shuffled in
/// every round, so load from elsewhere on the machine, drift and GC pauses fall on every count alike.
/// </summary>
internal static class LookupBench
{
    private const int Projects = 1_000;

    private sealed record Target(int Size, BenchHost Host, HttpClient Http, List<Scenario> Scenarios);

    public static async Task<List<LatencyResult>> RunAsync(Func<BenchStorage> storageOfKind, BenchSettings settings, TextWriter log, CancellationToken ct)
    {
        var storages = new List<BenchStorage>();
        var targets = new List<Target>();
        try
        {
            foreach (var size in settings.Sizes)
            {
                var storage = storageOfKind();
                storages.Add(storage);
                targets.Add(await StartAsync(storage, size, log, ct));
            }
            var random = new Random(42);
            await TimeRoundsAsync(targets, random, settings.Warmup, ct);
            var latencies = await TimeRoundsAsync(targets, random, settings.Rounds, ct);
            return [.. targets.SelectMany(target => target.Scenarios.Select(scenario =>
                Summarize(storages[0].Name, target.Size, scenario.Name, latencies[(target, scenario)])))];
        }
        finally
        {
            foreach (var target in targets)
            {
                target.Http.Dispose();
                await target.Host.DisposeAsync();
            }
            foreach (var storage in storages)
            {
                await storage.DisposeAsync();
            }
        }
    }

    /// <summary>A host on <paramref name="storage"/> holding <paramref name="size"/> trigger tokens over <see cref="Projects"/> projects.</summary>
    private static async Task<Target> StartAsync(BenchStorage storage, int size, TextWriter log, CancellationToken ct)
    {
        var host = await BenchHost.StartAsync(storage, ct);
        var seeder = new TokenSeeder(host.Database, storage.IsPostgres);
        var accounts = await seeder.SeedAccountsAsync(Projects, ct);
        var seeding = Stopwatch.StartNew();
        var stored = await seeder.AddTokensAsync(size, accounts, ct);
        var version = await seeder.VersionAsync(ct);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{storage.Name} {version} on {host.Address}: {stored.Count:N0} tokens stored in {seeding.Elapsed.TotalSeconds:F1} s; digest lookup plan:"));
        log.WriteLine("  " + (await seeder.DigestLookupPlanAsync(ct)).Replace(Environment.NewLine, Environment.NewLine + "  ", StringComparison.Ordinal));
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = host.Address,
            Timeout = TimeSpan.FromSeconds(10),
        };
        return new Target(size, host, http, Scenarios(accounts, stored));
    }

    private static List<Scenario> Scenarios(BenchAccounts accounts, List<StoredToken> stored)
    {
        var position = accounts.ProjectIds.Select((id, index) => (id, index)).ToDictionary(pair => pair.id, pair => pair.index);
        return
        [
            // A token of the right shape that matches no row: the index probes find nothing.
            new("unknown token -> 404", HttpStatusCode.NotFound, random =>
                (accounts.ProjectIds[random.Next(accounts.ProjectIds.Count)], "wvsptt-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)))),
            // A stored token sent to another (existing) project: found by digest, refused on the project.
            new("other project's token -> 404", HttpStatusCode.NotFound, random =>
            {
                var token = stored[random.Next(stored.Count)];
                return (accounts.ProjectIds[(position[token.ProjectId] + 1) % accounts.ProjectIds.Count], token.Token);
            }),
            // A stored token on its own project whose owner holds no role there: found, then the owner's access is checked.
            new("owner without access -> 400", HttpStatusCode.BadRequest, random =>
            {
                var token = stored[random.Next(stored.Count)];
                return (token.ProjectId, token.Token);
            }),
        ];
    }

    /// <summary>Sends <paramref name="rounds"/> requests of each kind to each target, shuffled per round; each one's latency in ms.</summary>
    private static async Task<Dictionary<(Target, Scenario), List<double>>> TimeRoundsAsync(
        List<Target> targets, Random random, int rounds, CancellationToken ct)
    {
        var pairs = targets.SelectMany(target => target.Scenarios.Select(scenario => (target, scenario))).ToArray();
        var latencies = pairs.ToDictionary(pair => pair, _ => new List<double>(rounds));
        for (var round = 0; round < rounds; round++)
        {
            random.Shuffle(pairs);
            foreach (var (target, scenario) in pairs)
            {
                var (projectId, token) = scenario.Next(random);
                using var form = new FormUrlEncodedContent([new("token", token), new("ref", "main")]);
                var started = Stopwatch.GetTimestamp();
                using var response = await target.Http.PostAsync($"/api/v4/projects/{projectId}/trigger/pipeline", form, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (response.StatusCode != scenario.Expected)
                {
                    throw new InvalidOperationException($"{scenario.Name}: expected {(int)scenario.Expected}, got {(int)response.StatusCode} {body}");
                }
                latencies[(target, scenario)].Add(elapsed.TotalMilliseconds);
            }
        }
        return latencies;
    }

    private static LatencyResult Summarize(string storage, int size, string scenario, List<double> latencies)
    {
        latencies.Sort();
        // Nearest rank: the smallest latency that at least q of the requests did not exceed.
        double Percentile(double q) => latencies[Math.Max(0, (int)Math.Ceiling(q * latencies.Count) - 1)];
        return new LatencyResult(storage, size, scenario, latencies.Count, latencies.Average(), Percentile(0.50), Percentile(0.95), Percentile(0.99));
    }
}
