namespace WvsMesh.Pipelines.Domain.Expressions;

/// <summary>
/// The Ruby semantics the evaluator reproduces over its four value kinds: <c>null</c> (nil), <see cref="string"/>,
/// <see cref="bool"/> and <see cref="UntrustedRegex"/> (reference §1.4, §9.3).
/// </summary>
internal static class RubyValue
{
    /// <summary>Ruby truthiness: only nil and false are falsy (the empty string is truthy).</summary>
    public static bool IsTruthy(object? value) => value is not null and not false;

    /// <summary>
    /// Rails <c>present?</c>: nil, false and blank strings (empty or Unicode whitespace only) are not present; every other
    /// string ("false", "0") is.
    /// </summary>
    public static bool IsPresent(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => !string.IsNullOrWhiteSpace(s),
        _ => true,
    };

    /// <summary>Ruby <c>to_s</c>: nil is "", booleans are "true"/"false".</summary>
    public static string ToText(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        string s => s,
        UntrustedRegex regex => regex.Source,
        _ => value.ToString() ?? "",
    };

    /// <summary>
    /// GitLab's <c>compare_with_coercion</c>: a boolean against a string compares their string forms; otherwise Ruby
    /// <c>==</c> (strings by value, nil equals nil, regexes by source).
    /// </summary>
    public static bool AreEqual(object? left, object? right) => (left, right) switch
    {
        (bool l, string r) => ToText(l) == r,
        (string l, bool r) => l == ToText(r),
        (null, _) => right is null,
        (string l, string r) => string.Equals(l, r, StringComparison.Ordinal),
        (bool l, bool r) => l == r,
        (UntrustedRegex l, UntrustedRegex r) => l.Source == r.Source,
        _ => false,
    };
}
