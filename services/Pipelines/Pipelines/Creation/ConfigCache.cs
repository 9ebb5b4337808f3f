using System.Text;
using Microsoft.Extensions.Caching.Memory;
using WvsMesh.Pipelines.Domain.Config;
using WvsMesh.Pipelines.Repositories;

namespace WvsMesh.Pipelines.Creation;

/// <summary>A commit's configuration: parsed, missing, or invalid with GitLab's message.</summary>
internal sealed record ConfigAtCommit(CiConfig? Config, string? Error, bool Missing);

/// <summary>
/// Parsed configurations by commit: a commit's <c>.wvs/root-ci.yml</c> never changes, so it is read and parsed once
/// (DESIGN.md: no per-request YAML parsing). Missing files and configuration errors are remembered too.
/// </summary>
internal sealed class ConfigCache(IMemoryCache cache)
{
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(30);

    public async Task<ConfigAtCommit> GetAsync(long projectId, string sha, Func<Task<CommittedFile?>> readFile)
    {
        var key = (nameof(ConfigCache), projectId, sha);
        if (cache.TryGetValue(key, out ConfigAtCommit? known) && known is not null)
        {
            return known;
        }
        var file = await readFile();
        var entry = file switch
        {
            null => new ConfigAtCommit(null, null, true),
            { Content: { } content } => Parse(Encoding.UTF8.GetString(content)),
            _ => new ConfigAtCommit(null, CiConfigParser.TooBig, false),
        };
        cache.Set(key, entry, new MemoryCacheEntryOptions { SlidingExpiration = Keep });
        return entry;
    }

    private static ConfigAtCommit Parse(string text)
    {
        try
        {
            return new ConfigAtCommit(CiConfigParser.Parse(text), null, false);
        }
        catch (CiConfigException e)
        {
            return new ConfigAtCommit(null, e.Message, false);
        }
    }
}
