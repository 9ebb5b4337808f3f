namespace WvsMesh.Contracts.Pipelines;

/// <summary>The trigger token that started a pipeline, as anyone may see it: its id, description and short form only.</summary>
public sealed record TriggerReference(long Id, string? Description, string ShortToken);
