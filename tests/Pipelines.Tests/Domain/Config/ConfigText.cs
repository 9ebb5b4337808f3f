using WvsMesh.Pipelines.Domain.Config;

namespace WvsMesh.Pipelines.Tests.Domain.Config;

/// <summary>
/// Renders the parsed model compactly so table rows can state a whole job in one line. Fields at their defaults are
/// left out; lists are <c>[a|b]</c>, variables <c>K=V</c>, optional needs end in <c>?</c>.
/// </summary>
internal static class ConfigText
{
    public static string Job(CiJob job)
    {
        var parts = new List<string> { job.Name, "stage=" + job.Stage };
        Add(parts, "before", job.BeforeScript);
        parts.Add("script=" + List(job.Script));
        Add(parts, "after", job.AfterScript);
        if (job.Variables.Count > 0)
        {
            parts.Add("vars=" + Variables(job.Variables));
        }

        if (job.Rules is not null)
        {
            parts.Add("rules=" + Rules(job.Rules));
        }

        if (job.Only is not null)
        {
            parts.Add("only=" + Policy(job.Only));
        }

        if (job.Except is not null)
        {
            parts.Add("except=" + Policy(job.Except));
        }

        if (job.When != "on_success")
        {
            parts.Add("when=" + job.When);
        }

        if (job.AllowFailure)
        {
            parts.Add("allow_failure");
        }

        if (job.StartIn is not null)
        {
            parts.Add("start_in=" + job.StartIn);
        }

        if (job.Needs is not null)
        {
            parts.Add("needs=" + Needs(job.Needs));
        }

        return string.Join(" ", parts);
    }

    public static string Job(CiConfig config, string name) => Job(config.Jobs.Single(j => j.Name == name));

    public static string Rules(IReadOnlyList<CiRule> rules) => "[" + string.Join(", ", rules.Select(Rule)) + "]";

    public static string Variables(IReadOnlyList<KeyValuePair<string, string>> variables) =>
        "[" + string.Join("|", variables.Select(v => $"{v.Key}={v.Value}")) + "]";

    private static string Rule(CiRule rule)
    {
        var parts = new List<string>();
        Add(parts, "if", rule.If);
        Add(parts, "changes", rule.Changes);
        Add(parts, "exists", rule.Exists);
        Add(parts, "when", rule.When);
        Add(parts, "allow_failure", rule.AllowFailure?.ToString().ToLowerInvariant());
        Add(parts, "start_in", rule.StartIn);
        if (rule.Variables is not null)
        {
            parts.Add("vars=" + Variables(rule.Variables));
        }

        if (rule.Needs is not null)
        {
            parts.Add("needs=" + Needs(rule.Needs));
        }

        return "{" + string.Join(" ", parts) + "}";
    }

    private static string Policy(CiPolicy policy)
    {
        var parts = new List<string>();
        Add(parts, "refs", policy.Refs);
        Add(parts, "variables", policy.Variables);
        Add(parts, "changes", policy.Changes);
        Add(parts, "kubernetes", policy.Kubernetes);
        return "{" + string.Join(" ", parts) + "}";
    }

    private static string Needs(IReadOnlyList<CiNeed> needs) =>
        "[" + string.Join("|", needs.Select(n => n.Optional ? n.Job + "?" : n.Job)) + "]";

    private static string List(IReadOnlyList<string> items) => "[" + string.Join("|", items) + "]";

    private static void Add(List<string> parts, string name, IReadOnlyList<string>? items)
    {
        if (items is { Count: > 0 } || (items is not null && name is "refs" or "changes" or "exists"))
        {
            parts.Add(name + "=" + List(items!)); // not null: checked by the condition
        }
    }

    private static void Add(List<string> parts, string name, string? value)
    {
        if (value is not null)
        {
            parts.Add(name + "=" + value);
        }
    }
}
