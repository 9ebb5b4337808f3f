namespace WvsMesh.Pipelines.Domain.Selection;

/// <summary>Expanded variables in dependency order, or the input unchanged with GitLab's circular-reference error.</summary>
internal sealed record ExpansionResult(IReadOnlyList<ExpandableVariable> Variables, string? Error);
