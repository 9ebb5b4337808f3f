namespace WvsMesh.TestKit;

/// <summary>A project importing a fresh repository, with a trigger token of root's: the arrangement of most trigger tests.</summary>
public sealed record TriggerSlice(long ProjectId, string ProjectPath, string Token, GitRepository Repository) : IDisposable
{
    /// <summary>Arranges the slice through the public API.</summary>
    public static async Task<TriggerSlice> ArrangeAsync(GitLabApiClient api, CancellationToken ct)
    {
        var repository = GitRepository.Create();
        var project = await api.CreateProjectAsync("demo-" + Guid.NewGuid().ToString("N")[..8], repository.Path, ct);
        var projectId = project["id"]?.GetValue<long>() ?? throw new InvalidOperationException("project without id");
        var trigger = await api.CreateTriggerAsync(projectId, "slice", ct);
        return new TriggerSlice(
            projectId,
            project["path_with_namespace"]?.GetValue<string>() ?? "",
            trigger["token"]?.GetValue<string>() ?? throw new InvalidOperationException("trigger without token"),
            repository);
    }

    public void Dispose() => Repository.Dispose();
}
