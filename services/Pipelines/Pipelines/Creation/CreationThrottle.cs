using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace WvsMesh.Pipelines.Creation;

/// <summary>
/// The optional limit on pipeline creations per project, user and commit per minute (GitLab's
/// <c>pipeline_limit_per_project_user_sha</c>): a runaway script is told to wait rather than silently dropped.
/// </summary>
internal sealed class CreationThrottle(IOptions<PipelinesOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<(long Project, long User, string Sha), Window> _windows = new();

    /// <summary>Counts one creation; the seconds to wait when over the limit, else null.</summary>
    public int? TryAcquire(long projectId, long userId, string sha)
    {
        var limit = options.Value.CreationsPerMinutePerCommit;
        if (limit <= 0)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        var window = _windows.AddOrUpdate((projectId, userId, sha),
            _ => new Window(now, 1),
            (_, current) => now - current.Start >= TimeSpan.FromMinutes(1) ? new Window(now, 1) : current with { Count = current.Count + 1 });
        if (_windows.Count > 100_000)
        {
            // Old windows are useless; drop them so the map cannot grow without bound.
            foreach (var stale in _windows.Where(pair => now - pair.Value.Start >= TimeSpan.FromMinutes(1)).Select(pair => pair.Key).ToList())
            {
                _windows.TryRemove(stale, out _);
            }
        }
        return window.Count <= limit ? null : Math.Max(1, (int)Math.Ceiling((window.Start + TimeSpan.FromMinutes(1) - now).TotalSeconds));
    }

    /// <summary>Gives back a creation <see cref="TryAcquire"/> counted that did not happen (a repeated request).</summary>
    public void Return(long projectId, long userId, string sha)
    {
        if (options.Value.CreationsPerMinutePerCommit > 0)
        {
            _windows.AddOrUpdate((projectId, userId, sha), _ => new Window(clock.GetUtcNow(), 0),
                (_, current) => current with { Count = Math.Max(0, current.Count - 1) });
        }
    }

    private sealed record Window(DateTimeOffset Start, int Count);
}
