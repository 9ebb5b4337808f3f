using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;
using WvsMesh.ServiceDefaults.Identity;

namespace WvsMesh.Gateway.Edge;

/// <summary>
/// Authenticated callers with their token's scopes, remembered briefly by (token digest, project); every entry of a user can be dropped at once
/// when Tokens announces a change to that user's tokens, state or memberships.
/// </summary>
internal sealed class IdentityCache(IMemoryCache cache)
{
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _byUser = new();

    public bool TryGet(string digest, string? projectRef, out CallerIdentity? caller) => cache.TryGetValue((digest, projectRef), out caller);

    public void Set(string digest, string? projectRef, CallerIdentity caller, TimeSpan duration)
    {
        var source = _byUser.GetOrAdd(caller.UserId, _ => new CancellationTokenSource());
        var options = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = duration };
        options.AddExpirationToken(new CancellationChangeToken(source.Token));
        cache.Set((digest, projectRef), caller, options);
    }

    /// <summary>Drops every cached identity of <paramref name="userId"/>.</summary>
    public void Evict(long userId)
    {
        // Not disposed: a Set racing this eviction may still read its token (it then expires at once, as it should).
        if (_byUser.TryRemove(userId, out var source))
        {
            source.Cancel();
        }
    }
}
