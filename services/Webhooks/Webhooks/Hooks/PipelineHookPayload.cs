using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using WvsMesh.Contracts.Pipelines;

namespace WvsMesh.Webhooks.Hooks;

/// <summary>
/// What a pipeline event is built from. <see cref="PipelineCreated"/> gives it today; a later status-change message
/// carries the same snapshot and jobs, and makes one with its own <c>From</c>.
/// </summary>
internal sealed record PipelineHookSource(
    PipelineSnapshot Pipeline, IReadOnlyList<JobSnapshot> Jobs, string? ProjectPath, string? ProjectName, string? DefaultBranch)
{
    public static PipelineHookSource From(PipelineCreated created) =>
        new(created.Pipeline, created.Jobs, created.ProjectPath, created.ProjectName, created.DefaultBranch);

    public static PipelineHookSource From(PipelineStatusChanged changed) =>
        new(changed.Pipeline, changed.Jobs, changed.ProjectPath, changed.ProjectName, changed.DefaultBranch);

    /// <summary>One hook event per pipeline and status: redeliveries of the same news queue nothing twice.</summary>
    public string DedupKey => string.Create(CultureInfo.InvariantCulture, $"pipeline:{Pipeline.Id}:{Pipeline.Status}");
}

/// <summary>
/// GitLab's pipeline event (<c>X-Gitlab-Event: Pipeline Hook</c>), field for field as
/// <c>Gitlab::DataBuilder::Pipeline</c> builds it. Times are written the way GitLab's pipeline hooks show them,
/// <c>2016-08-12 15:23:28 UTC</c>; the commit's own timestamp is ISO 8601.
/// </summary>
internal static class PipelineHookPayload
{
    public const string EventName = "Pipeline Hook";

    public const string Trigger = "pipeline_hooks";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The event body, UTF-8 JSON. <paramref name="externalUrl"/> is where users reach WvsMesh.</summary>
    public static string Build(PipelineHookSource source, string externalUrl)
    {
        var pipeline = source.Pipeline;
        var web = externalUrl.TrimEnd('/');
        var path = source.ProjectPath ?? PathFromWebUrl(pipeline.WebUrl, web);
        var projectUrl = $"{web}/{path}";
        var user = pipeline.User is { } u
            ? new HookUser(u.Id, u.Name, u.Username, u.AvatarUrl)
            : null;
        var attributes = new PipelineAttributes(
            pipeline.Id, pipeline.Iid, null, pipeline.Ref, pipeline.Tag, pipeline.Sha, pipeline.BeforeSha, pipeline.Source, pipeline.Status,
            DetailedStatus(pipeline.Status), [.. source.Jobs.Select(job => job.Stage).Distinct(StringComparer.Ordinal)],
            Time(pipeline.CreatedAt), Time(pipeline.FinishedAt), pipeline.Duration, pipeline.QueuedDuration,
            // Never the pipeline's variables: trigger variables carry secrets (deploy keys, tokens) that a hook receiver
            // outside the project must not see, and GitLab lists only variables a user typed into a manual run here.
            [],
            pipeline.WebUrl);
        var project = new HookProject(
            pipeline.ProjectId, source.ProjectName ?? path[(path.LastIndexOf('/') + 1)..], null, projectUrl, null,
            $"git@{HostOf(web)}:{path}.git", $"{projectUrl}.git", NamespaceOf(path), 0, path, source.DefaultBranch, null);
        var commit = new HookCommit(
            pipeline.Sha, null, null, pipeline.CommittedAt?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            $"{projectUrl}/-/commit/{pipeline.Sha}", new HookAuthor(null, HookUser.Redacted));
        var builds = source.Jobs.Select(job => new HookBuild(
            job.Id, job.Stage, job.Name, job.Status, Time(job.CreatedAt), Time(job.StartedAt), Time(job.FinishedAt),
            job is { StartedAt: { } started, FinishedAt: { } finished } ? (finished - started).TotalSeconds : null, null, null,
            job.When, job.When == "manual", job.AllowFailure, user, null, new ArtifactsFile(null, null), null)).ToList();
        return JsonSerializer.Serialize(new PipelineEvent("pipeline", attributes, null, user, project, commit, builds), Json);
    }

    /// <summary>GitLab's <c>detailed_status</c> label of a pipeline status.</summary>
    public static string DetailedStatus(string status) => status switch
    {
        "success" => "passed",
        "manual" => "blocked",
        "scheduled" => "delayed",
        "waiting_for_resource" => "waiting for resource",
        "waiting_for_callback" => "waiting for callback",
        _ => status,
    };

    /// <summary>A pipeline hook's time: <c>2016-08-12 15:23:28 UTC</c>.</summary>
    public static string? Time(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string PathFromWebUrl(string pipelineUrl, string web)
    {
        var marker = pipelineUrl.IndexOf("/-/pipelines/", StringComparison.Ordinal);
        var start = pipelineUrl.StartsWith(web + "/", StringComparison.Ordinal) ? web.Length + 1 : 0;
        return marker > start ? pipelineUrl[start..marker] : pipelineUrl;
    }

    private static string HostOf(string web) => Uri.TryCreate(web, UriKind.Absolute, out var uri) ? uri.Host : web;

    private static string NamespaceOf(string path) => path.LastIndexOf('/') is > 0 and var slash ? path[..slash] : path;

    private sealed record PipelineEvent(
        string ObjectKind, PipelineAttributes ObjectAttributes, object? MergeRequest, HookUser? User, HookProject Project, HookCommit Commit,
        IReadOnlyList<HookBuild> Builds);

    private sealed record PipelineAttributes(
        long Id, long Iid, string? Name, string Ref, bool Tag, string Sha, string BeforeSha, string Source, string Status, string DetailedStatus,
        IReadOnlyList<string> Stages, string? CreatedAt, string? FinishedAt, long? Duration, long? QueuedDuration,
        IReadOnlyList<object> Variables, string Url);

    /// <summary>A user as hooks show one; WvsMesh keeps no public e-mail, so it is always GitLab's <c>[REDACTED]</c>.</summary>
    private sealed record HookUser(long Id, string Name, string Username, string? AvatarUrl)
    {
        public const string Redacted = "[REDACTED]";

        public string Email { get; init; } = Redacted;
    }

    private sealed record HookProject(
        long Id, string Name, string? Description, string WebUrl, string? AvatarUrl, string GitSshUrl, string GitHttpUrl, string Namespace,
        int VisibilityLevel, string PathWithNamespace, string? DefaultBranch, string? CiConfigPath);

    private sealed record HookCommit(string Id, string? Message, string? Title, string? Timestamp, string Url, HookAuthor Author);

    private sealed record HookAuthor(string? Name, string Email);

    private sealed record HookBuild(
        long Id, string Stage, string Name, string Status, string? CreatedAt, string? StartedAt, string? FinishedAt, double? Duration,
        double? QueuedDuration, string? FailureReason, string When, bool Manual, bool AllowFailure, HookUser? User, object? Runner,
        ArtifactsFile ArtifactsFile, object? Environment);

    private sealed record ArtifactsFile(string? Filename, long? Size);
}
