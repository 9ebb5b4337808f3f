using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace WvsMesh.Pipelines.Repositories;

/// <summary>A local source's refs fingerprint, and whether it can be trusted yet (<see cref="LocalRefsFingerprint"/>).</summary>
/// <param name="Value">Equal for two readings when git changed no branch or tag in between.</param>
/// <param name="Settled">False while a part was changed within <see cref="LocalRefsFingerprint.RacyWindow"/> of the reading.</param>
internal readonly record struct LocalRefs(string Value, bool Settled);

/// <summary>
/// For a repository on this machine (a path or <c>file://</c> URL): a fingerprint of its refs that changes whenever git
/// creates, moves or deletes a branch or tag. Git never rewrites a ref file in place: it creates <c>name.lock</c> beside
/// it and renames it over (or unlinks it), and rewrites <c>packed-refs</c> the same way, so every change moves the
/// modification time of the directory that holds the ref, or of <c>packed-refs</c>. The fingerprint is those times:
/// one <c>stat</c> per directory under <c>refs</c> and one for <c>packed-refs</c>, no file opened, and a directory's
/// subdirectories listed again only when its time moved.
/// <para>
/// File times tick coarsely (4 ms here), so a second change within the tick of the first would leave the times as they
/// were (git's "racily clean" problem): a reading taken within <see cref="RacyWindow"/> of a change is not
/// <see cref="LocalRefs.Settled"/>, and <see cref="TakeAsync"/> waits for the window to pass before trusting one.
/// </para>
/// </summary>
internal sealed class LocalRefsFingerprint(TimeProvider clock)
{
    /// <summary>Longer than a file-time tick on any kernel (1–10 ms).</summary>
    public static readonly TimeSpan RacyWindow = TimeSpan.FromMilliseconds(25);

    private const int SettleAttempts = 8;
    private const int MaxListings = 10_000;

    private readonly ConcurrentDictionary<string, Listing> _listings = new(StringComparer.Ordinal);

    public LocalRefsFingerprint()
        : this(TimeProvider.System)
    {
    }

    /// <summary>A directory's subdirectories as listed when its modification time was <see cref="Ticks"/>.</summary>
    private sealed record Listing(long Ticks, string[] Subdirectories);

    /// <summary>
    /// The fingerprint once settled (waiting out a change made just now, a few times at most); a reading still not
    /// settled after that is returned as it is, and the caller must not keep it. Null when the path is no local repository.
    /// </summary>
    public async Task<LocalRefs?> TakeAsync(string repositoryPath, CancellationToken ct)
    {
        var reading = Of(repositoryPath);
        for (var attempt = 1; reading is { Settled: false } && attempt < SettleAttempts; attempt++)
        {
            await Task.Delay(RacyWindow, clock, ct);
            reading = Of(repositoryPath);
        }
        return reading;
    }

    /// <summary>One reading of the fingerprint, settled or not; null when the path is no local repository.</summary>
    public LocalRefs? Of(string repositoryPath)
    {
        var path = Uri.TryCreate(repositoryPath, UriKind.Absolute, out var uri)
            ? uri.IsFile ? uri.LocalPath : null
            : repositoryPath;
        if (path is null)
        {
            return null;
        }
        var gitDir = Directory.Exists(Path.Combine(path, ".git")) ? Path.Combine(path, ".git") : path;
        var refs = new DirectoryInfo(Path.Combine(gitDir, "refs"));
        if (!refs.Exists)
        {
            return null;
        }
        var racyAfter = clock.GetUtcNow().UtcDateTime - RacyWindow;
        var print = new StringBuilder();
        var settled = true;
        var packed = new FileInfo(Path.Combine(gitDir, "packed-refs"));
        if (packed.Exists)
        {
            print.Append("packed-refs|").Append(packed.Length.ToString(CultureInfo.InvariantCulture)).Append('|')
                .Append(packed.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n');
            settled &= packed.LastWriteTimeUtc < racyAfter;
        }
        settled &= Walk(refs, racyAfter, print);
        return new LocalRefs(print.ToString(), settled);
    }

    /// <summary>Appends the times of <paramref name="directory"/> and the directories below it; false when one is racy.</summary>
    private bool Walk(DirectoryInfo directory, DateTime racyAfter, StringBuilder print)
    {
        if (!directory.Exists)
        {
            return true;
        }
        var written = directory.LastWriteTimeUtc;
        print.Append(directory.FullName).Append('|').Append(written.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n');
        var settled = written < racyAfter;
        var subdirectories = SubdirectoriesOf(directory, written, remember: settled);
        foreach (var subdirectory in subdirectories)
        {
            settled &= Walk(new DirectoryInfo(subdirectory), racyAfter, print);
        }
        return settled;
    }

    private string[] SubdirectoriesOf(DirectoryInfo directory, DateTime written, bool remember)
    {
        if (_listings.TryGetValue(directory.FullName, out var known) && known.Ticks == written.Ticks)
        {
            return known.Subdirectories;
        }
        string[] listed;
        try
        {
            listed = [.. Directory.EnumerateDirectories(directory.FullName).Order(StringComparer.Ordinal)];
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
        // A listing taken in the tick of a change may miss a directory made later in that tick: not kept.
        if (remember)
        {
            if (_listings.Count >= MaxListings)
            {
                _listings.Clear();
            }
            _listings[directory.FullName] = new Listing(written.Ticks, listed);
        }
        return listed;
    }
}
