using System.Text;
using Microsoft.Extensions.Primitives;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Security;
using Xunit;

namespace WvsMesh.Tokens.Tests.Triggering;

/// <summary>
/// The trigger endpoints read the body once, as bytes (a signature covers exactly those bytes), then take parameters from
/// it as Grape does; and what is kept of a body never holds the token.
/// </summary>
public sealed class Reading_a_body_as_it_was_sent
{
    private static readonly KeyValuePair<string, StringValues>[] NoQuery = [];

    [Fact]
    public async Task A_urlencoded_form_gives_its_fields()
    {
        var read = await ReadAsync("application/x-www-form-urlencoded; charset=utf-8", "token=t&ref=feature%2Fx&variables%5BA%5D=1");

        Assert.Equal("t", read.Get("token"));
        Assert.Equal("feature/x", read.Get("ref"));
        Assert.Equal("1", read.Get("variables[A]"));
        Assert.False(read.Malformed);
    }

    [Fact]
    public async Task A_multipart_form_gives_its_fields_but_not_its_files()
    {
        using var form = new MultipartFormDataContent("wvs-boundary")
        {
            { new StringContent("t"), "token" },
            { new StringContent("main"), "ref" },
            { new ByteArrayContent("file body"u8.ToArray()), "upload", "upload.txt" },
        };
        var body = await form.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        var read = await GitLabParameters.FromBodyAsync(NoQuery, form.Headers.ContentType!.ToString(), body, TestContext.Current.CancellationToken);

        Assert.Equal("t", read.Get("token"));
        Assert.Equal("main", read.Get("ref"));
        Assert.Null(read.Get("upload"));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/vnd.github+json")]
    [InlineData("application/json; charset=utf-8")]
    public async Task A_json_object_gives_its_members(string contentType)
    {
        var read = await ReadAsync(contentType, """{"ref":"main","commits":[1]}""");

        Assert.Equal("main", read.Get("ref"));
        Assert.NotNull(read.Json?["commits"]);
    }

    [Theory]
    [InlineData("application/json", "[1,2]", true)]
    [InlineData("application/json", "{not json", true)]
    [InlineData("multipart/form-data", "no boundary", true)]
    [InlineData("text/plain", "token=t", false)]
    [InlineData(null, "token=t", false)]
    public async Task Other_bodies_give_no_parameters(string? contentType, string body, bool malformed)
    {
        var read = await ReadAsync(contentType, body);

        Assert.Null(read.Get("token"));
        Assert.Equal(malformed, read.Malformed);
    }

    [Fact]
    public async Task Query_parameters_are_kept_beside_the_body()
    {
        var query = new[] { new KeyValuePair<string, StringValues>("token", "q") };

        var read = await GitLabParameters.FromBodyAsync(query, "application/json", "{\"ref\":\"main\"}"u8.ToArray(), TestContext.Current.CancellationToken);

        Assert.Equal("q", read.Get("token"));
        Assert.Equal("main", read.Get("ref"));
    }

    [Theory]
    [InlineData("""{"token":"wvsptt-abc","again":"wvsptt-abc"}""", "wvsptt-abc", """{"token":"[MASKED]","again":"[MASKED]"}""")]
    [InlineData("""{"ref":"main"}""", "wvsptt-abc", """{"ref":"main"}""")]
    [InlineData("token=wvsptt-abc&ref=main", "wvsptt-abc", "token=[MASKED]&ref=main")]
    [InlineData("wvsptt-abc", null, "wvsptt-abc")]
    public void A_kept_body_never_holds_the_token(string body, string? token, string kept)
    {
        Assert.Equal(kept, Encoding.UTF8.GetString(PayloadRedaction.WithoutToken(Encoding.UTF8.GetBytes(body), token)));
    }

    [Fact]
    public void A_body_without_the_token_is_kept_byte_for_byte()
    {
        byte[] body = [0x00, 0xff, 0xfe, 0x41];

        Assert.Equal(body, PayloadRedaction.WithoutToken(body, "wvsptt-abc"));
    }

    private static Task<GitLabParameters> ReadAsync(string? contentType, string body) =>
        GitLabParameters.FromBodyAsync(NoQuery, contentType, Encoding.UTF8.GetBytes(body), TestContext.Current.CancellationToken);
}
