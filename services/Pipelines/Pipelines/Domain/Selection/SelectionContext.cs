using System.Collections.Frozen;

namespace WvsMesh.Pipelines.Domain.Selection;

/// <summary>
/// The pipeline being created, as job selection sees it. <see cref="Source"/> is <c>CI_PIPELINE_SOURCE</c>
/// (<c>trigger</c>, <c>pipeline</c>, <c>push</c>, <c>api</c>, <c>web</c>, <c>schedule</c>, …); <see cref="Ref"/> the short
/// ref name; <see cref="ProjectPath"/> the project's full path (for <c>only: [branches@group/project]</c>).
/// </summary>
internal sealed record SelectionContext(string Source, string Ref, bool IsTag, string ProjectPath)
{
    /// <summary>
    /// What <c>workflow:rules</c> see: root YAML variables, predefined, CI/CD and pipeline variables, later sources
    /// already applied (raw, unexpanded). Keys starting <c>CI_JOB</c>/<c>CI_BUILD</c> are ignored.
    /// </summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = FrozenDictionary<string, string>.Empty;

    /// <summary>Paths changed by the push; null when the pipeline has no push diff (trigger, API, web, schedule, tags).</summary>
    public IReadOnlyCollection<string>? ChangedPaths { get; init; }

    /// <summary>
    /// True when some file at the pipeline's commit matches the glob (<c>rules:exists</c>); null means no file exists.
    /// <see cref="Glob.AnyMatch"/> builds one from a file list.
    /// </summary>
    public Func<string, bool>? Exists { get; init; }

    /// <summary>GitLab's <c>branch?</c>: neither a tag nor a merge request pipeline.</summary>
    public bool IsBranch => !IsTag && Source != "merge_request_event";
}
