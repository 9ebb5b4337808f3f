using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WvsMesh.Pipelines.Repositories;
using WvsMesh.ServiceDefaults;
using WvsMesh.ServiceDefaults.Repositories;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Repositories;

/// <summary>
/// #14: a trigger resolves its ref from the mirror's refs in memory and starts no git process while the source is
/// unchanged; a push to a local source is what the next trigger builds; a remote source is fetched again once its refs
/// are <see cref="PipelinesOptions.RemoteRefsMaxAge"/> old; triggers arriving during a refresh share it.
/// </summary>
public sealed class Mirroring_a_source : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "wvs-mirror-" + Guid.NewGuid().ToString("N"));
    private readonly GitRepository _source = GitRepository.Create();
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private readonly Git _git = new();

    [Fact]
    public async Task Unchanged_local_source_costs_no_git_process()
    {
        var ct = TestContext.Current.CancellationToken;
        var mirror = Mirror();
        var first = await mirror.ResolveAsync(1, _source.Path, localApproved: true, "main", ct);
        var started = _git.ProcessesStarted;

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(first.Sha, (await mirror.ResolveAsync(1, _source.Path, localApproved: true, "main", ct)).Sha);
        }

        Assert.Equal(_source.Head(), first.Sha);
        Assert.Equal(started, _git.ProcessesStarted);
    }

    [Fact]
    public async Task A_push_to_a_local_source_is_built_by_the_next_trigger_with_one_shared_refresh()
    {
        var ct = TestContext.Current.CancellationToken;
        var mirror = Mirror();
        var before = await mirror.ResolveAsync(1, _source.Path, localApproved: true, "main", ct);
        var pushed = _source.Commit("README.md", "changed", "second");
        var started = _git.ProcessesStarted;

        var after = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => mirror.ResolveAsync(1, _source.Path, localApproved: true, "main", ct)));

        Assert.NotEqual(before.Sha, pushed);
        Assert.All(after, resolved => Assert.Equal(pushed, resolved.Sha));
        Assert.Equal(started + 2, _git.ProcessesStarted); // one fetch and one listing of the refs, for all sixteen
    }

    [Fact]
    public async Task Branches_tags_and_missing_refs_resolve_as_gitlab_resolves_them()
    {
        var ct = TestContext.Current.CancellationToken;
        var mirror = Mirror();
        var main = _source.Head();
        _source.Git("tag", "-a", "-m", "release", "v1");
        _source.Git("branch", "feature/x");
        _source.Git("tag", "main");

        var tag = await mirror.ResolveAsync(1, _source.Path, localApproved: true, "v1", ct);
        var branch = await mirror.ResolveAsync(1, _source.Path, localApproved: true, "refs/heads/main", ct);
        var slashed = await mirror.ResolveAsync(1, _source.Path, localApproved: true, "feature/x", ct);
        var ambiguous = await Assert.ThrowsAsync<RefNotBuildableException>(() => mirror.ResolveAsync(1, _source.Path, localApproved: true, "main", ct));
        var missing = await Assert.ThrowsAsync<RefNotBuildableException>(() => mirror.ResolveAsync(1, _source.Path, localApproved: true, "nope", ct));

        Assert.Equal((main, true), (tag.Sha, tag.IsTag)); // the annotated tag peeled to its commit
        Assert.NotNull(tag.CommittedAt);
        Assert.Equal((main, false), (branch.Sha, branch.IsTag));
        Assert.Equal(main, slashed.Sha);
        Assert.Equal(RepositoryMirror.RefAmbiguous, ambiguous.Message);
        Assert.Equal(RepositoryMirror.ReferenceNotFound, missing.Message);
    }

    [Fact]
    public async Task A_remote_source_is_fetched_again_once_its_refs_are_older_than_the_setting()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var remote = await ServedRepository.StartAsync(_source, ct);
        var url = remote.Url;
        var mirror = Mirror(allowLocalRequests: true);
        var first = await mirror.ResolveAsync(1, url, localApproved: false, "main", ct);
        var pushed = _source.Commit("README.md", "changed", "second");
        remote.Push();

        var stillCached = await mirror.ResolveAsync(1, url, localApproved: false, "main", ct);
        _clock.Advance(TimeSpan.FromSeconds(11));
        var refetched = await mirror.ResolveAsync(1, url, localApproved: false, "main", ct);

        Assert.Equal(first.Sha, stillCached.Sha);
        Assert.Equal(pushed, refetched.Sha);
    }

    private RepositoryMirror Mirror(bool allowLocalRequests = false)
    {
        var wvs = Options.Create(new WvsOptions { DataDir = _data });
        var sources = new RepositorySources(wvs, Options.Create(new ImportOptions { AllowLocalRequests = allowLocalRequests }));
        return new RepositoryMirror(wvs, Options.Create(new PipelinesOptions { RemoteRefsMaxAge = TimeSpan.FromSeconds(10) }), sources, _git, _clock,
            NullLogger<RepositoryMirror>.Instance);
    }

    public void Dispose()
    {
        _source.Dispose();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
