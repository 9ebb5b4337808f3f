using System.Net;

namespace WvsMesh.TestKit;

/// <summary>
/// Polling for something that becomes true a little later (a delivery, a finished pipeline, a printed line). Returns the
/// last value probed, so the caller asserts on it with its own failure text.
/// </summary>
public static class Eventually
{
    /// <summary>
    /// Probes until <paramref name="done"/> holds for the value or <paramref name="timeout"/> has passed, waiting
    /// <paramref name="interval"/> between probes; the last value either way.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, TimeSpan interval, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }
            await Task.Delay(interval, ct);
        }
    }

    /// <summary><see cref="UntilAsync{T}(Func{Task{T}}, Func{T, bool}, TimeSpan, TimeSpan, CancellationToken)"/> for a probe that does not wait.</summary>
    public static Task<T> UntilAsync<T>(Func<T> probe, Func<T, bool> done, TimeSpan timeout, TimeSpan interval, CancellationToken ct) =>
        UntilAsync(() => Task.FromResult(probe()), done, timeout, interval, ct);

    /// <summary>
    /// The answer once its status is <paramref name="expected"/>, or the last one after two seconds of asking (across
    /// processes, a change arrives as an event); the answers before it are disposed.
    /// </summary>
    public static async Task<HttpResponseMessage> AnswersAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode expected, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (true)
        {
            var response = await send();
            if (response.StatusCode == expected || DateTime.UtcNow > deadline)
            {
                return response;
            }
            response.Dispose();
            await Task.Delay(50, ct);
        }
    }
}
