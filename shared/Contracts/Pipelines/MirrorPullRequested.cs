namespace WvsMesh.Contracts.Pipelines;

/// <summary>
/// <c>POST /projects/:id/mirror/pull</c>: every Pipelines replica drops the refs it holds for the project, so the next
/// trigger fetches the source again whatever <c>Pipelines__RemoteRefsMaxAge</c> says.
/// </summary>
public sealed record MirrorPullRequested(long ProjectId);
