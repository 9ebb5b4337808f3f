using WvsMesh.Gateway.Ui;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Ui;

/// <summary>Where sign-in sends the browser (the pure rule, <c>ReturnPath</c>): a local path, always a sendable header value.</summary>
public sealed class Choosing_where_sign_in_returns
{
    public static TheoryData<string?, string> Cases() => new()
    {
        { "/-/projects/5/pipelines?page=2", "/-/projects/5/pipelines?page=2" },
        { "/ü", "/%C3%BC" }, // #13: Kestrel refused the non-ASCII Location header, a 500
        { "/projects/ä?tab=ö#x", "/projects/%C3%A4?tab=%C3%B6#x" },
        { "/%C3%BC", "/%C3%BC" },
        { "/😀", "/%F0%9F%98%80" },
        { "/a\u00a0b", "/" },
        { "//evil.example", "/" },
        { "/\\evil.example", "/" },
        { "https://evil.example/", "/" },
        { "", "/" },
        { null, "/" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_return_path_is_local_and_ascii_or_home(string? candidate, string expected) =>
        Assert.Equal(expected, ReturnPath.LocalOrHome(candidate));
}
