namespace WvsMesh.Pipelines.Domain.Selection;

/// <summary>
/// A variable in an ordered collection to expand: <see cref="Raw"/> (<c>expand: false</c>) values are never expanded;
/// <see cref="File"/> marks a file-type variable, whose references can be left to the runner.
/// </summary>
internal sealed record ExpandableVariable(string Key, string Value, bool Raw = false, bool File = false);
