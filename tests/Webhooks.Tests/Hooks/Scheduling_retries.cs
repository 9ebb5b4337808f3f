using WvsMesh.Webhooks.Hooks;
using Xunit;

namespace WvsMesh.Webhooks.Tests.Hooks;

/// <summary>After the n-th failed attempt a hook event waits base × 2^(n-1), at most the cap; after the last attempt it is given up.</summary>
public sealed class Scheduling_retries
{
    private static readonly RetrySchedule Schedule = new(6, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60));

    public static TheoryData<int, double?> Delays => new()
    {
        { 1, 10 },
        { 2, 20 },
        { 3, 40 },
        { 4, 60 },
        { 5, 60 },
        { 6, null },
        { 7, null },
    };

    [Theory]
    [MemberData(nameof(Delays))]
    public void Waits_double_up_to_the_cap_until_the_attempts_run_out(int failedAttempts, double? seconds)
    {
        Assert.Equal(seconds is { } s ? TimeSpan.FromSeconds(s) : null, Schedule.DelayAfter(failedAttempts));
    }

    [Fact]
    public void One_attempt_allowed_means_no_retry()
    {
        Assert.Null(new RetrySchedule(1, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)).DelayAfter(1));
    }

    [Fact]
    public void Many_failures_never_overflow_the_cap()
    {
        var schedule = new RetrySchedule(50, TimeSpan.FromDays(1), TimeSpan.FromMinutes(10));

        Assert.Equal(TimeSpan.FromMinutes(10), schedule.DelayAfter(49));
    }

    [Fact]
    public void The_default_options_wait_10_20_40_and_80_seconds()
    {
        var schedule = RetrySchedule.From(new WebhooksOptions());

        Assert.Equal(
            [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(80), null],
            Enumerable.Range(1, 5).Select(schedule.DelayAfter));
    }
}
