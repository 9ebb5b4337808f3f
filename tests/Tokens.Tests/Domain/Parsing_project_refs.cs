using WvsMesh.Tokens.Domain;
using Xunit;

namespace WvsMesh.Tokens.Tests.Domain;

/// <summary>A route's <c>:id</c>: the numeric id or the URL-encoded full path (gitlab-triggers.md §1.1).</summary>
public sealed class Parsing_project_refs
{
    public static TheoryData<string, long?, string?> ProjectRefs => new()
    {
        { "42", 42, null },
        { "1", 1, null },
        { "root%2Fdemo", null, "root/demo" },
        { "root%2fdemo", null, "root/demo" },
        { "root/demo", null, "root/demo" },
        { "group%2Fsub%2Fproject", null, "group/sub/project" },
        { "demo", null, "demo" },
    };

    [Theory]
    [MemberData(nameof(ProjectRefs))]
    public void Project_ref_is_an_id_or_a_decoded_full_path(string value, long? id, string? fullPath)
    {
        var parsed = ProjectRef.Parse(value);

        Assert.Equal(id, parsed.Id);
        Assert.Equal(fullPath, parsed.FullPath);
    }
}
