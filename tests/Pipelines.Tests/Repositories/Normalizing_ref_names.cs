using WvsMesh.Pipelines.Repositories;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Repositories;

/// <summary>
/// A trigger's <c>ref</c>: a branch or tag name, or a full <c>refs/heads/…</c> / <c>refs/tags/…</c> (gitlab-triggers.md
/// §1.1, <c>Gitlab::Git.ref_name</c>); names git's check-ref-format refuses can never be built.
/// </summary>
public sealed class Normalizing_ref_names
{
    public static TheoryData<string, string> ValidRefs => new()
    {
        { "main", "main" },
        { "feature/x", "feature/x" },
        { "v1.0", "v1.0" },
        { "v.1-branch", "v.1-branch" },
        { "a@b", "a@b" },
        { "UPPER_case-123", "UPPER_case-123" },
        { "refs/heads/main", "main" },
        { "refs/heads/feature/x", "feature/x" },
        { "refs/tags/v1", "v1" },
        { "refs/tags/release/v1.2.3", "release/v1.2.3" },
    };

    [Theory]
    [MemberData(nameof(ValidRefs))]
    public void Valid_ref_normalizes_to_its_bare_name(string reference, string name)
    {
        Assert.Equal(name, RefNames.Normalize(reference));
    }

    public static TheoryData<string> InvalidRefs => new()
    {
        "",
        "-x",
        "a..b",
        "a b",
        "a\tb",
        "a\u007fb",
        "a~1",
        "a^",
        "a:b",
        "a?",
        "a*",
        "a[",
        "a\\b",
        "x.lock",
        "/x",
        "x/",
        "a//b",
        "@",
        "a@{1}",
        "x.",
        "refs/heads/",
        "refs/tags/",
        "refs/heads/-x",
        "refs/tags/a..b",
        // git check-ref-format: no slash-separated component may begin with a dot or end with ".lock".
        ".x",
        "a/.b",
        "a.lock/b",
    };

    [Theory]
    [MemberData(nameof(InvalidRefs))]
    public void Invalid_ref_is_null(string reference)
    {
        Assert.Null(RefNames.Normalize(reference));
    }
}
