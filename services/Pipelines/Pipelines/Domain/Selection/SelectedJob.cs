using WvsMesh.Pipelines.Domain.Config;

namespace WvsMesh.Pipelines.Domain.Selection;

/// <summary>
/// A job that will be created, with what its matched rule made of it: <see cref="When"/>, <see cref="AllowFailure"/>,
/// <see cref="StartIn"/>, <see cref="Needs"/> (the rule's replace the job's), and <see cref="Variables"/> = the job's
/// <c>variables:</c> with the rule's merged over them (rule values win; GitLab's <c>merge_variables</c> order).
/// </summary>
internal sealed record SelectedJob(CiJob Job, string When, bool AllowFailure)
{
    public string? StartIn { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Variables { get; init; } = [];
    public IReadOnlyList<CiNeed>? Needs { get; init; }
}
