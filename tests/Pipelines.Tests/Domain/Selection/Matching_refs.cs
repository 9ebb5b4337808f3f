using WvsMesh.Pipelines.Domain.Selection;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Domain.Selection;

/// <summary>
/// <c>Policy::Refs#satisfied_by?</c> (gitlab-ci.md §4, §7.13): <c>branches</c>/<c>tags</c>, source keywords singular or
/// plural, <c>@project/path</c>, and regexes or literal names for branch and tag pipelines.
/// </summary>
public sealed class Matching_refs
{
    // Pipeline: "source ref [tag] [project]"; defaults push, master, branch, group/project.
    public static TheoryData<string, string, string[], bool> Refs => new()
    {
        { "OR01", "push master", ["master", "deploy"], true },
        { "OR03", "push feature tag", ["master", "tags"], true },
        { "OR04", "push feature", ["master", "tags"], false },
        { "OR06", "push master", ["master@some/fork/repository"], false },
        { "OR07", "push master", ["pushes"], true },
        { "OR09", "merge_request_event feature", ["merge_requests"], true },
        { "OR10", "merge_request_event feature", ["merge_request_events"], false },
        { "OR12", "external_pull_request_event feature", ["external_pull_request_events"], false },
        { "OR13", "pipeline master", ["pipelines"], true },
        { "OR15", "parent_pipeline master", ["parent_pipelines"], true },
        { "OR16", "parent_pipeline master", ["parent_pipeline"], true },
        { "OR18", "push docs-something", ["/DOCS-.*/i"], true },
        { "OR19", "push docs-something", ["/fix-.*/"], false },
        { "OR21", "trigger main", ["triggers"], true },
        { "OR22", "trigger main", ["trigger"], true },
        { "OR24", "push triggers", ["triggers"], true },
        { "project path", "push master", ["master@group/project"], true },
        { "branches of project", "push master", ["branches@group/project"], true },
        { "branches of fork", "push master", ["branches@some/fork"], false },
        { "tags on a branch", "push master", ["tags"], false },
        { "branches on a tag", "push v1.0 tag", ["branches"], false },
        { "tag name", "push v1.0 tag", ["v1.0"], true },
        { "tag regex", "push v1.0 tag", ["/^v\\d+\\.\\d+$/"], true },
        { "anchored regex", "push feature/x", ["/^feature$/"], false },
        { "regex search", "push my-feature-1", ["/feature/"], true },
        { "invalid regex is literal", "push master", ["/^(?!master).+/"], false },
        { "branches on trigger", "trigger main", ["branches"], true },
        { "tags on trigger", "trigger v1 tag", ["tags"], true },
        { "trigger is not pipeline", "trigger main", ["pipelines"], false },
        { "pipeline is not trigger", "pipeline main", ["triggers"], false },
        { "api", "api main", ["api"], true },
        { "web", "web main", ["web"], true },
        { "schedules", "schedule main", ["schedules"], true },
        { "schedule on branches", "schedule main", ["branches"], true },
        { "external_pull_request as merge_requests", "external_pull_request_event feature", ["merge_requests"], true },
        { "external_pull_requests", "external_pull_request_event feature", ["external_pull_requests"], true },
        { "merge request is no branch", "merge_request_event feature", ["branches"], false },
        { "merge request ref pattern", "merge_request_event feature", ["feature"], false },
        { "chat", "chat main", ["chat"], true },
        { "security policies", "security_orchestration_policy main", ["security_orchestration_policies"], true },
        { "container registry pushes", "container_registry_push main", ["container_registry_pushes"], true },
        { "apis plural", "api main", ["apis"], true },
        { "empty list", "push master", [], false },
        { "case-sensitive name", "push Master", ["master"], false },
    };

    [Theory]
    [MemberData(nameof(Refs))]
    public void Refs_policy_matches_like_gitlab(string id, string pipeline, string[] refs, bool satisfied)
    {
        Assert.True(satisfied == RefsPolicy.IsSatisfied(refs, Pipeline(pipeline)), id);
    }

    internal static SelectionContext Pipeline(string description)
    {
        var parts = description.Split(' ');
        var project = parts.Skip(2).FirstOrDefault(p => p.Contains('/', StringComparison.Ordinal)) ?? "group/project";
        return new SelectionContext(parts[0], parts[1], parts.Contains("tag"), project);
    }
}
