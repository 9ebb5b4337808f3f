namespace WvsMesh.Pipelines.Domain.Selection;

/// <summary>
/// Whether <c>workflow:rules</c> let the pipeline run, and the matched rule's <c>variables:</c> (merged over the root
/// <c>variables:</c>; jobs inherit them like root variables).
/// </summary>
internal sealed record WorkflowOutcome(bool Runs, IReadOnlyList<KeyValuePair<string, string>> Variables);
