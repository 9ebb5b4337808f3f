namespace WvsMesh.Pipelines.Domain.Selection;

/// <summary>
/// The jobs a pipeline gets, in file order, and its root variables (root <c>variables:</c> with the matched
/// <c>workflow:rules:variables</c> merged over them) — or <see cref="Error"/>, GitLab's text for a pipeline that is not
/// created (the trigger API answers it as <c>400 {"message":{"base":[…]}}</c>).
/// </summary>
internal sealed record JobSelectionResult(
    IReadOnlyList<SelectedJob> Jobs,
    IReadOnlyList<KeyValuePair<string, string>> RootVariables,
    string? Error)
{
    public bool IsCreated => Error is null;

    public static JobSelectionResult Failed(string error) => new([], [], error);
}
