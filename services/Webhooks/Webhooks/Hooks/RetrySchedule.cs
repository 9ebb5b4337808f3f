namespace WvsMesh.Webhooks.Hooks;

/// <summary>
/// When a failed hook event is tried again: after the n-th failed attempt, <c>baseDelay × 2^(n-1)</c>, at most
/// <c>maxDelay</c>; after <c>maxAttempts</c> attempts, never.
/// </summary>
internal sealed record RetrySchedule(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public static RetrySchedule From(WebhooksOptions options) =>
        new(options.MaxDeliveryAttempts, options.RetryBaseDelay, options.RetryMaxDelay);

    /// <summary>The wait after <paramref name="failedAttempts"/> failed attempts, or null when the event is given up.</summary>
    public TimeSpan? DelayAfter(int failedAttempts)
    {
        if (failedAttempts < 1 || failedAttempts >= MaxAttempts)
        {
            return null;
        }
        // Doubling in floating point cannot overflow; the cap keeps the result a valid TimeSpan.
        var ticks = BaseDelay.Ticks * Math.Pow(2, failedAttempts - 1);
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
