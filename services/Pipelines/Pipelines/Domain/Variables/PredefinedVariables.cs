using System.Globalization;
using System.Text;

namespace WvsMesh.Pipelines.Domain.Variables;

/// <summary>What a pipeline's predefined variables are made of (known before the pipeline is stored).</summary>
internal sealed record PipelineFacts
{
    public required long ProjectId { get; init; }
    public required string ProjectPath { get; init; }
    public required string ProjectName { get; init; }
    public required string DefaultBranch { get; init; }
    public required string ServerUrl { get; init; }
    public required string Source { get; init; }
    public required string Ref { get; init; }
    public required bool IsTag { get; init; }
    public required string Sha { get; init; }
    public required bool RefProtected { get; init; }
    public required long Iid { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string? TriggerShortToken { get; init; }
    public required long UserId { get; init; }
    public required string UserLogin { get; init; }
    public required string UserName { get; init; }
}

/// <summary>
/// GitLab's predefined variables of a job in a triggered pipeline (reference gitlab-ci.md §5.2), the ones known at creation
/// and usable in rules. Ids of the stored pipeline and job (<c>CI_PIPELINE_ID</c>, <c>CI_JOB_ID</c>…) are added when the job runs.
/// </summary>
internal static class PredefinedVariables
{
    public static List<KeyValuePair<string, string>> ForPipeline(PipelineFacts facts)
    {
        var projectUrl = $"{facts.ServerUrl}/{facts.ProjectPath}";
        var slash = facts.ProjectPath.LastIndexOf('/');
        var variables = new List<KeyValuePair<string, string>>
        {
            new("CI", "true"),
            new("GITLAB_CI", "true"),
            new("CI_SERVER_URL", facts.ServerUrl),
            new("CI_API_V4_URL", facts.ServerUrl + "/api/v4"),
            new("CI_PROJECT_ID", facts.ProjectId.ToString(CultureInfo.InvariantCulture)),
            new("CI_PROJECT_NAME", facts.ProjectName),
            new("CI_PROJECT_PATH", facts.ProjectPath),
            new("CI_PROJECT_NAMESPACE", slash < 0 ? "" : facts.ProjectPath[..slash]),
            new("CI_PROJECT_URL", projectUrl),
            new("CI_PROJECT_VISIBILITY", "private"),
            new("CI_DEFAULT_BRANCH", facts.DefaultBranch),
            new("CI_CONFIG_PATH", ".wvs/root-ci.yml"),
            new("CI_PIPELINE_SOURCE", facts.Source),
            new("CI_PIPELINE_IID", facts.Iid.ToString(CultureInfo.InvariantCulture)),
            new("CI_PIPELINE_CREATED_AT", facts.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            new("CI_COMMIT_SHA", facts.Sha),
            new("CI_COMMIT_SHORT_SHA", facts.Sha.Length > 8 ? facts.Sha[..8] : facts.Sha),
            new("CI_COMMIT_BEFORE_SHA", new string('0', 40)),
            new("CI_COMMIT_REF_NAME", facts.Ref),
            new("CI_COMMIT_REF_SLUG", Slug(facts.Ref)),
            new("CI_COMMIT_REF_PROTECTED", facts.RefProtected ? "true" : "false"),
            new(facts.IsTag ? "CI_COMMIT_TAG" : "CI_COMMIT_BRANCH", facts.Ref),
            new("GITLAB_USER_ID", facts.UserId.ToString(CultureInfo.InvariantCulture)),
            new("GITLAB_USER_LOGIN", facts.UserLogin),
            new("GITLAB_USER_NAME", facts.UserName),
        };
        // Trigger-token pipelines only; not job-token (pipeline) ones.
        if (facts.TriggerShortToken is not null)
        {
            variables.Add(new("CI_PIPELINE_TRIGGERED", "true"));
            variables.Add(new("CI_TRIGGER_SHORT_TOKEN", facts.TriggerShortToken));
        }
        return variables;
    }

    public static List<KeyValuePair<string, string>> ForJob(string name, string stage, string when)
    {
        var variables = new List<KeyValuePair<string, string>>
        {
            new("CI_JOB_NAME", name),
            new("CI_JOB_NAME_SLUG", Slug(name)),
            new("CI_JOB_STAGE", stage),
            new("CI_NODE_TOTAL", "1"),
        };
        if (when is "manual" or "delayed")
        {
            variables.Add(new("CI_JOB_MANUAL", "true"));
        }
        return variables;
    }

    /// <summary>GitLab's ref slug: lower case, anything but <c>[0-9a-z]</c> becomes <c>-</c>, at most 63 bytes, no <c>-</c> at either end.</summary>
    public static string Slug(string value)
    {
        var slug = new StringBuilder(value.Length);
        foreach (var c in value.ToLowerInvariant())
        {
            slug.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '-');
        }
        var text = slug.ToString();
        text = text.Length > 63 ? text[..63] : text;
        return text.Trim('-');
    }
}
