using WvsMesh.Pipelines.Repositories;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Repositories;

/// <summary>
/// #14: a local source's refs fingerprint, taken on every trigger, moves with every change git makes to a branch or a
/// tag (loose or packed, nested names included) and stays put otherwise, so an unchanged source costs no git process
/// and a push is what the next trigger builds.
/// </summary>
public sealed class Fingerprinting_local_refs : IDisposable
{
    private readonly GitRepository _source = GitRepository.Create();
    private readonly LocalRefsFingerprint _fingerprints = new();

    private async Task<string> PrintAsync()
    {
        var reading = await _fingerprints.TakeAsync(_source.Path, TestContext.Current.CancellationToken)
            ?? throw new InvalidOperationException("no fingerprint for a local repository");
        Assert.True(reading.Settled, "the reading never settled");
        return reading.Value;
    }

    [Fact]
    public async Task An_unchanged_source_keeps_its_fingerprint()
    {
        var first = await PrintAsync();

        Assert.Equal(first, await PrintAsync());
        Assert.Equal(new LocalRefs(first, Settled: true), new LocalRefsFingerprint().Of(_source.Path));
    }

    [Fact]
    public void A_reading_taken_within_the_racy_window_of_a_change_is_not_settled_and_one_after_it_is()
    {
        _source.Git("branch", "other");
        var changed = new DirectoryInfo(Path.Combine(_source.Path, ".git", "refs", "heads")).LastWriteTimeUtc;
        // The clock says when the reading is taken; the file times are the kernel's.
        var clock = new ManualClock(new DateTimeOffset(changed, TimeSpan.Zero) + TimeSpan.FromMilliseconds(5));
        var fingerprints = new LocalRefsFingerprint(clock);

        var racy = fingerprints.Of(_source.Path);
        clock.Advance(LocalRefsFingerprint.RacyWindow);
        var settled = fingerprints.Of(_source.Path);

        Assert.False(racy?.Settled);
        Assert.True(settled?.Settled);
        Assert.Equal(racy?.Value, settled?.Value);
    }

    public static TheoryData<string, string[][]> Changes => new()
    {
        { "a commit on the checked-out branch", [["-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "--allow-empty", "-q", "-m", "next"]] },
        { "a new branch", [["branch", "other"]] },
        { "a new nested branch", [["branch", "feature/deep/x"]] },
        { "a branch moved", [["branch", "other"], ["-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "--allow-empty", "-q", "-m", "next"], ["branch", "-f", "other", "HEAD"]] },
        { "a branch deleted", [["branch", "other"], ["branch", "-D", "other"]] },
        { "a lightweight tag", [["tag", "v1"]] },
        { "an annotated tag", [["-c", "user.name=Test", "-c", "user.email=test@example.com", "tag", "-a", "v1", "-m", "release"]] },
        { "refs packed", [["pack-refs", "--all"]] },
        {
            "a packed branch moved",
            [["branch", "other"], ["pack-refs", "--all"], ["-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "--allow-empty", "-q", "-m", "next"], ["branch", "-f", "other", "HEAD"], ["pack-refs", "--all"]]
        },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Every_change_git_makes_to_the_refs_moves_the_fingerprint(string change, string[][] commands)
    {
        Assert.NotNull(change);
        foreach (var command in commands)
        {
            var before = await PrintAsync();
            _source.Git(command);
            Assert.NotEqual(before, await PrintAsync());
        }
    }

    [Fact]
    public async Task A_branch_deleted_from_packed_refs_moves_the_fingerprint()
    {
        _source.Git("branch", "other");
        _source.Git("pack-refs", "--all");
        var before = await PrintAsync();

        _source.Git("branch", "-D", "other");

        Assert.NotEqual(before, await PrintAsync());
    }

    [Fact]
    public void A_path_that_is_no_repository_has_no_fingerprint()
    {
        Assert.Null(_fingerprints.Of(Path.Combine(_source.Path, "missing")));
        Assert.Null(_fingerprints.Of("https://example.com/group/project.git"));
    }

    public void Dispose() => _source.Dispose();
}
