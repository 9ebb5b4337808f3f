using System.Diagnostics;
using System.Globalization;
using System.Net;
using WvsMesh.TestKit;

namespace WvsMesh.DistributedThroughput;

/// <summary>
/// What one batch of triggers got: the wall time until every request was answered, the latency (ms, sorted) of each
/// one answered 201 or 202, how many were created (201) and how many left pending (202: Pipelines did not answer within
/// Tokens' wait), and every other outcome as an error.
/// </summary>
internal sealed record BatchResult(int Sent, TimeSpan Wall, double[] Latencies, int Created, int Pending, IReadOnlyList<string> Errors)
{
    public int Answered => Created + Pending;

    /// <summary>Answered triggers (201 or 202) per second of wall time.</summary>
    public double Throughput => Answered / Wall.TotalSeconds;

    /// <summary>Nearest rank: the smallest latency that at least <paramref name="q"/> of the answered requests did not exceed.</summary>
    public double Percentile(double q) => Latencies.Length == 0 ? double.NaN : Latencies[Math.Max(0, (int)Math.Ceiling(q * Latencies.Length) - 1)];
}

/// <summary>
/// Sends <c>POST /api/v4/projects/:id/trigger/pipeline</c> (token and ref as a form, as the README's curl) through the
/// gateway: <c>count</c> requests, <c>concurrency</c> in flight at once, each timed from send to the end of its body.
/// </summary>
internal static class TriggerLoad
{
    private const int KeptErrors = 10;

    private readonly record struct Outcome(HttpStatusCode? Status, double Milliseconds, string? Error);

    public static async Task<BatchResult> RunAsync(GitLabApiClient api, TriggerSlice slice, int count, int concurrency, CancellationToken ct)
    {
        var projectId = slice.ProjectId.ToString(CultureInfo.InvariantCulture);
        var outcomes = new Outcome[count];
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, Math.Min(concurrency, count)).Select(async _ =>
        {
            for (var index = Interlocked.Increment(ref next); index < count; index = Interlocked.Increment(ref next))
            {
                outcomes[index] = await SendAsync(api, projectId, slice.Token, ct);
            }
        });
        await Task.WhenAll(workers);
        var wall = Stopwatch.GetElapsedTime(started);

        var answered = outcomes.Where(o => o.Status is HttpStatusCode.Created or HttpStatusCode.Accepted).Select(o => o.Milliseconds).Order().ToArray();
        var errors = outcomes.Where(o => o.Error is not null).Select(o => o.Error!).ToList(); // not null: filtered
        var kept = errors.GroupBy(error => error, StringComparer.Ordinal)
            .Select(group => $"{group.Count()} × {group.Key}")
            .Take(KeptErrors)
            .ToList();
        return new BatchResult(count, wall, answered,
            outcomes.Count(o => o.Status == HttpStatusCode.Created),
            outcomes.Count(o => o.Status == HttpStatusCode.Accepted),
            errors.Count == 0 ? [] : kept);
    }

    private static async Task<Outcome> SendAsync(GitLabApiClient api, string projectId, string token, CancellationToken ct)
    {
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var response = await api.TriggerPipelineAsync(projectId, token, "main", ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            var milliseconds = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            return response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Accepted
                ? new Outcome(response.StatusCode, milliseconds, null)
                : new Outcome(response.StatusCode, milliseconds, $"{(int)response.StatusCode} {Shorten(body)}");
        }
        catch (HttpRequestException e)
        {
            return new Outcome(null, Stopwatch.GetElapsedTime(sent).TotalMilliseconds, $"no answer: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Outcome(null, Stopwatch.GetElapsedTime(sent).TotalMilliseconds, "no answer within the client's timeout");
        }
    }

    private static string Shorten(string body) => body.Length <= 160 ? body : body[..160] + "…";
}
