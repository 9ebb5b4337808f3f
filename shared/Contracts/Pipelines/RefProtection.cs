namespace WvsMesh.Contracts.Pipelines;

/// <summary>
/// How the project's protected branches and tags apply to a trigger's ref, read both ways because only Pipelines
/// learns whether the ref is a branch or a tag: whether it is protected as each, and whether the acting user may
/// run pipelines on it as each.
/// </summary>
public sealed record RefProtection(bool BranchProtected, bool BranchAllowed, bool TagProtected, bool TagAllowed);
