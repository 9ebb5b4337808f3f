using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;

namespace WvsMesh.Tokens.Domain;

/// <summary>The parameters of a trigger request, whichever way they came (query string, form, JSON body, route).</summary>
/// <remarks>
/// <see cref="Token"/> is null when the token did not come as a parameter (the webhook form's query token or
/// <c>X-Gitlab-Token</c> header, of which only the digest reaches Tokens); <see cref="TokenDigest"/> is always set.
/// </remarks>
internal sealed record TriggerParameters(
    string? Token,
    string TokenDigest,
    string Ref,
    IReadOnlyDictionary<string, string> Variables,
    string Payload);

/// <summary>Why trigger parameters were refused: Grape's <c>{"error":…}</c> (<see cref="IsValidation"/>) or a <c>{"message":…}</c>.</summary>
internal sealed record TriggerParametersError(bool IsValidation, string Text);

/// <summary>
/// Reads trigger parameters as GitLab's Grape API does: query string, form and JSON body merged (later sources win),
/// route parameters winning over all; <c>variables[KEY]=value</c> or a JSON <c>variables</c> object of strings.
/// </summary>
internal static partial class TriggerParametersReader
{
    public const int MaxVariableKeyLength = 255;

    public static (TriggerParameters? Parameters, TriggerParametersError? Error) Read(
        IEnumerable<KeyValuePair<string, StringValues>> query,
        IEnumerable<KeyValuePair<string, StringValues>>? form,
        JsonObject? json,
        IReadOnlyDictionary<string, string> route,
        int maxVariables,
        string? presentedTokenDigest = null)
    {
        var merged = new JsonObject();
        var variablesInvalid = false;
        var variablesNotStrings = false;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var source in new[] { query, form ?? [] })
        {
            foreach (var (name, values) in source)
            {
                var value = values.Count > 0 ? values[^1] ?? "" : "";
                if (VariableKey(name) is { } key)
                {
                    if (key.Contains('[', StringComparison.Ordinal))
                    {
                        variablesNotStrings = true;
                        continue;
                    }
                    variables[key.Trim()] = value;
                }
                else if (name == "variables")
                {
                    variablesInvalid = true;
                }
                else
                {
                    merged[name] = value;
                }
            }
        }

        if (json is not null)
        {
            foreach (var (name, node) in json)
            {
                if (name != "variables")
                {
                    merged[name] = node?.DeepClone();
                    continue;
                }
                if (node is JsonObject objectNode)
                {
                    foreach (var (key, value) in objectNode)
                    {
                        if (value is JsonValue scalar && scalar.GetValueKind() == JsonValueKind.String)
                        {
                            // GitLab strips keys (Ci::HasVariable#key=).
                            variables[key.Trim()] = scalar.GetValue<string>();
                        }
                        else
                        {
                            variablesNotStrings = true;
                        }
                    }
                }
                else if (node is not null)
                {
                    variablesInvalid = true;
                }
            }
        }

        foreach (var (name, value) in route)
        {
            merged[name] = value;
        }

        var (token, tokenInvalid) = Scalar(merged["token"]);
        var (reference, refInvalid) = Scalar(merged["ref"]);

        var missing = new List<string>();
        if (tokenInvalid)
        {
            missing.Add("token is invalid");
        }
        else if (token is null && presentedTokenDigest is null)
        {
            missing.Add("token is missing");
        }
        if (refInvalid)
        {
            missing.Add("ref is invalid");
        }
        else if (reference is null)
        {
            missing.Add("ref is missing");
        }
        else if (string.IsNullOrWhiteSpace(reference))
        {
            missing.Add("ref is empty");
        }
        if (variablesInvalid)
        {
            missing.Add("variables is invalid");
        }
        var tokenDigest = token is null ? presentedTokenDigest : ServiceDefaults.Security.TokenDigest.Of(token);
        if (missing.Count > 0 || tokenDigest is null || reference is null)
        {
            return (null, new TriggerParametersError(true, string.Join(", ", missing)));
        }
        if (variablesNotStrings)
        {
            return (null, new TriggerParametersError(false, "variables needs to be a map of key-valued strings"));
        }
        if (variables.Count > maxVariables)
        {
            return (null, new TriggerParametersError(false, $"There cannot be more than {maxVariables} variables"));
        }
        if (variables.Keys.FirstOrDefault(key => !IsValidKey(key)) is { } badKey)
        {
            return (null, new TriggerParametersError(false,
                $"Variable key '{Shorten(badKey)}' is invalid: use at most {MaxVariableKeyLength} letters, digits and '_'"));
        }

        // TRIGGER_PAYLOAD is every parameter but the token, with variables as an object (GitLab's params.except(:token)).
        merged.Remove("token");
        var payloadVariables = new JsonObject();
        foreach (var (key, value) in variables)
        {
            payloadVariables[key] = value;
        }
        merged.Remove("variables");
        merged["variables"] = payloadVariables;

        return (new TriggerParameters(token, tokenDigest, reference, variables, merged.ToJsonString()), null);
    }

    /// <summary>A String parameter as Grape coerces it: numbers and booleans become text; arrays and objects are invalid.</summary>
    private static (string? Value, bool Invalid) Scalar(JsonNode? node) => node switch
    {
        null => (null, false),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => (value.GetValue<string>(), false),
        JsonValue value when value.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => (value.ToJsonString(), false),
        _ => (null, true),
    };

    private static string? VariableKey(string name) =>
        name.StartsWith("variables[", StringComparison.Ordinal) && name.EndsWith(']') ? name["variables[".Length..^1] : null;

    private static bool IsValidKey(string key) => key.Length is > 0 and <= MaxVariableKeyLength && KeyPattern().IsMatch(key);

    private static string Shorten(string key) => key.Length > 40 ? key[..40] + "…" : key;

    [GeneratedRegex("^[a-zA-Z0-9_]+$")]
    private static partial Regex KeyPattern();
}
