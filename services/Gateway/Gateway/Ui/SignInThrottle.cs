using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace WvsMesh.Gateway.Ui;

/// <summary>
/// Counts failed sign-ins per (username, client address) in a fixed window: past <see cref="UiOptions.FailedSignInLimit"/>
/// the form answers 429 without asking Tokens, until the window that began with the first failure ends. A success clears
/// the count. Kept per gateway replica, in its own bounded cache so a flood of usernames cannot grow it without end.
/// </summary>
internal sealed class SignInThrottle(IOptions<UiOptions> options, TimeProvider clock) : IDisposable
{
    private readonly MemoryCache _failures = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    /// <summary>How long until <paramref name="username"/> may try again from <paramref name="address"/>; null when they may now.</summary>
    public TimeSpan? RetryAfter(string username, string address) =>
        _failures.TryGetValue(Key(username, address), out Window? window) && window is not null && window.Count >= options.Value.FailedSignInLimit
            ? window.Ends - clock.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : null
            : null;

    public void Failed(string username, string address)
    {
        var key = Key(username, address);
        lock (_failures)
        {
            if (_failures.TryGetValue(key, out Window? window) && window is not null && window.Ends > clock.GetUtcNow())
            {
                window.Count++;
                return;
            }
            var ends = clock.GetUtcNow() + options.Value.FailedSignInWindow;
            _failures.Set(key, new Window(ends) { Count = 1 }, new MemoryCacheEntryOptions { AbsoluteExpiration = ends, Size = 1 });
        }
    }

    public void Succeeded(string username, string address) => _failures.Remove(Key(username, address));

    public void Dispose() => _failures.Dispose();

    private static (string, string) Key(string username, string address) => (username.ToUpperInvariant(), address);

    private sealed class Window(DateTimeOffset ends)
    {
        public DateTimeOffset Ends { get; } = ends;

        public int Count { get; set; }
    }
}
