using Microsoft.Extensions.Options;
using WvsMesh.Pipelines.Creation;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Creation;

/// <summary>GitLab's <c>pipeline_limit_per_project_user_sha</c>: creations per project, user and commit in a minute.</summary>
public sealed class Throttling_creations_per_commit
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);

    private CreationThrottle Throttle(int limit) => new(Options.Create(new PipelinesOptions { CreationsPerMinutePerCommit = limit }), _clock);

    [Fact]
    public void Over_the_limit_waits_for_the_rest_of_the_minute_then_counts_afresh()
    {
        var throttle = Throttle(2);

        Assert.Null(throttle.TryAcquire(1, 1, Sha));
        Assert.Null(throttle.TryAcquire(1, 1, Sha));
        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(40, throttle.TryAcquire(1, 1, Sha));
        Assert.Null(throttle.TryAcquire(2, 1, Sha));
        Assert.Null(throttle.TryAcquire(1, 2, Sha));
        _clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Null(throttle.TryAcquire(1, 1, Sha));
    }

    [Fact]
    public void A_repeated_request_gives_its_count_back()
    {
        var throttle = Throttle(1);

        Assert.Null(throttle.TryAcquire(1, 1, Sha));
        throttle.Return(1, 1, Sha);

        Assert.Null(throttle.TryAcquire(1, 1, Sha));
        Assert.NotNull(throttle.TryAcquire(1, 1, Sha));
    }

    [Fact]
    public void Without_a_limit_nothing_is_counted()
    {
        var throttle = Throttle(0);

        Assert.All(Enumerable.Range(0, 100), _ => Assert.Null(throttle.TryAcquire(1, 1, Sha)));
    }
}
