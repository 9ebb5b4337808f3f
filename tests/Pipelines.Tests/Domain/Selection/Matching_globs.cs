using WvsMesh.Pipelines.Domain.Selection;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Domain.Selection;

/// <summary>
/// <c>File.fnmatch</c> with <c>FNM_PATHNAME | FNM_DOTMATCH | FNM_EXTGLOB</c>, as <c>rules:changes</c> and
/// <c>rules:exists</c> match paths (gitlab-ci.md §2.5).
/// </summary>
public sealed class Matching_globs
{
    public static TheoryData<string, string, bool> Globs => new()
    {
        { "README.md", "README.md", true },
        { "README.md", "readme.md", false },
        { "*.md", "README.md", true },
        { "*.md", "docs/README.md", false },
        { "docs/*", "docs/a.md", true },
        { "docs/*", "docs/x/a.md", false },
        { "docs/**/*", "docs/x/a.md", true },
        { "docs/**/*", "docs/a.md", true },
        { "**/*.rb", "a.rb", true },
        { "**/*.rb", "lib/deep/a.rb", true },
        { "**/*.rb", "lib/deep/a.py", false },
        { "**", "a.rb", true },
        { "*", ".gitlab-ci.yml", true },
        { "?.md", "a.md", true },
        { "?.md", "ab.md", false },
        { "?", "/", false },
        { "[ab].md", "b.md", true },
        { "[!ab].md", "c.md", true },
        { "[!ab].md", "a.md", false },
        { "[a-c].md", "b.md", true },
        { "{src,lib}/*.cs", "src/a.cs", true },
        { "{src,lib}/*.cs", "test/a.cs", false },
        { "{a,{b,c}}.txt", "c.txt", true },
        { "a\\*b", "a*b", true },
        { "a\\*b", "axb", false },
        { "a.b", "axb", false },
        { "a+b", "a+b", true },
        { "(x)", "(x)", true },
        { "Dockerfile", "sub/Dockerfile", false },
    };

    [Theory]
    [MemberData(nameof(Globs))]
    public void Glob_matches_paths_like_fnmatch(string glob, string path, bool matches)
    {
        Assert.Equal(matches, Glob.IsMatch(glob, path));
    }
}
