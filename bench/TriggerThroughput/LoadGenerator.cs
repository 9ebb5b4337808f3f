using System.Diagnostics;
using System.Net;
using WvsMesh.TestKit;

namespace WvsMesh.TriggerThroughput;

/// <summary>
/// What one measurement got: its wall time (from the first send until every request was answered), the latency (ms,
/// sorted) of every 2xx answer, how many were sent, 201 and 202 answers, the other outcomes grouped, and for a fixed
/// rate how late the client sent (p99 of send time minus scheduled time, ms).
/// </summary>
internal sealed record LoadResult(TimeSpan Wall, double[] Latencies, int Sent, int Created, int Accepted, IReadOnlyList<string> Errors, double? SendLagP99)
{
    public int Succeeded => Latencies.Length;

    /// <summary>Non-2xx answers and requests not answered at all.</summary>
    public int Failed => Sent - Succeeded;

    /// <summary>2xx answers per second of wall time.</summary>
    public double Throughput => Succeeded / Wall.TotalSeconds;

    public double Percentile(double q) => NearestRank(Latencies, q);

    /// <summary>The smallest of <paramref name="sorted"/> that at least <paramref name="q"/> of them do not exceed.</summary>
    public static double NearestRank(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)];
}

/// <summary>
/// The load: <c>POST /api/v4/projects/:id/trigger/pipeline</c> with <c>token</c> and <c>ref=main</c> as a form (the
/// README's curl, TestKit's <see cref="GitLabApiClient.TriggerPipelineAsync"/>), through one <see cref="SocketsHttpHandler"/>
/// per measurement whose <c>MaxConnectionsPerServer</c> is the number of connections.
/// </summary>
internal static class LoadGenerator
{
    private const int KeptErrors = 5;

    private readonly record struct Outcome(HttpStatusCode? Status, double Milliseconds, string? Error);

    /// <summary>Closed loop: each of <paramref name="connections"/> sends, awaits the answer and sends again until <paramref name="duration"/> is over.</summary>
    public static async Task<LoadResult> ClosedLoopAsync(BenchTarget target, int connections, TimeSpan duration, CancellationToken ct)
    {
        using var http = Client(target.Address, connections);
        var api = new GitLabApiClient(http, privateToken: "");
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var loops = Enumerable.Range(0, connections).Select(async _ =>
        {
            var outcomes = new List<Outcome>();
            while (Stopwatch.GetTimestamp() < end)
            {
                outcomes.Add(await SendAsync(api, target, Stopwatch.GetTimestamp(), ct));
            }
            return outcomes;
        }).ToList();
        var all = (await Task.WhenAll(loops)).SelectMany(outcomes => outcomes).ToList();
        return Summarize(all, Stopwatch.GetElapsedTime(start), sendLags: null);
    }

    /// <summary>
    /// Open loop: requests scheduled at a constant <paramref name="rate"/> for <paramref name="duration"/>, each sent when
    /// due whether or not earlier ones were answered, its latency counted from its scheduled time, so a stalled server
    /// (or a late client) shows in the latencies instead of slowing the load down (no coordinated omission).
    /// </summary>
    public static async Task<LoadResult> FixedRateAsync(BenchTarget target, int connections, double rate, TimeSpan duration, CancellationToken ct)
    {
        using var http = Client(target.Address, connections);
        var api = new GitLabApiClient(http, privateToken: "");
        var count = Math.Max(1, (int)Math.Round(rate * duration.TotalSeconds));
        var interval = Stopwatch.Frequency / rate;
        var sends = new Task<Outcome>[count];
        var lags = new double[count];
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var scheduled = start + (long)(i * interval);
            // Never early. Timers tick in whole milliseconds: the sends due meanwhile go out together, late by up to a
            // tick or what the machine's load adds (SendLagP99), which their latencies include.
            for (var early = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), scheduled); early > TimeSpan.Zero;
                early = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), scheduled))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(early.TotalMilliseconds)), ct);
            }
            lags[i] = Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds;
            sends[i] = SendAsync(api, target, scheduled, ct);
        }
        var outcomes = await Task.WhenAll(sends);
        return Summarize(outcomes, Stopwatch.GetElapsedTime(start), lags);
    }

    private static HttpClient Client(Uri address, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseCookies = false,
    })
    {
        BaseAddress = address,
        // Longer than Tokens waits for Pipelines (30 s) before it answers 202.
        Timeout = TimeSpan.FromSeconds(60),
    };

    private static async Task<Outcome> SendAsync(GitLabApiClient api, BenchTarget target, long scheduled, CancellationToken ct)
    {
        try
        {
            using var response = await api.TriggerPipelineAsync(target.ProjectId, target.Token, "main", ct);
            var milliseconds = Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds;
            if (response.IsSuccessStatusCode)
            {
                return new Outcome(response.StatusCode, milliseconds, null);
            }
            var body = await response.Content.ReadAsStringAsync(ct);
            return new Outcome(response.StatusCode, milliseconds, $"{(int)response.StatusCode} {(body.Length <= 160 ? body : body[..160] + "…")}");
        }
        catch (HttpRequestException e)
        {
            return new Outcome(null, Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds, $"no answer: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Outcome(null, Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds, "no answer within the client's 60 s");
        }
    }

    private static LoadResult Summarize(IReadOnlyCollection<Outcome> outcomes, TimeSpan wall, double[]? sendLags)
    {
        var latencies = outcomes.Where(o => o.Error is null).Select(o => o.Milliseconds).Order().ToArray();
        var errors = outcomes.Where(o => o.Error is not null)
            .GroupBy(o => o.Error, StringComparer.Ordinal)
            .OrderByDescending(group => group.Count())
            .Take(KeptErrors)
            .Select(group => $"{group.Count()} × {group.Key}")
            .ToList();
        return new LoadResult(wall, latencies, outcomes.Count,
            outcomes.Count(o => o.Status == HttpStatusCode.Created),
            outcomes.Count(o => o.Status == HttpStatusCode.Accepted),
            errors,
            sendLags is null ? null : LoadResult.NearestRank([.. sendLags.Order()], 0.99));
    }
}
