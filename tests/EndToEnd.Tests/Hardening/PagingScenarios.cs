using WvsMesh.EndToEnd.Tests.Accounts;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Hardening;

/// <summary>
/// Issue #13, finding 10: a page number beyond <see cref="int.MaxValue"/> must neither wrap to a negative OFFSET (which
/// PostgreSQL refuses with an error, a 500) nor show the first page again; it is a page past the end, answered as GitLab
/// answers one: 200 with an empty list and the pagination headers. A page that is not a 64-bit integer is GitLab's 400.
/// Every list family runs on both compositions (see the derived classes).
/// </summary>
public abstract class PagingScenarios
{
    /// <summary>The composition's root client (through the gateway).</summary>
    protected abstract GitLabApiClient Root();

    /// <summary>Skips (or, on CI, fails) when the composition cannot run here.</summary>
    protected virtual void Require()
    {
    }

    public static TheoryData<string> Lists() =>
    [
        "/api/v4/projects",
        "/api/v4/projects/{0}/triggers",
        "/api/v4/projects/{0}/members",
        "/api/v4/projects/{0}/variables",
        "/api/v4/projects/{0}/pipelines",
        "/api/v4/projects/{0}/jobs",
        "/api/v4/projects/{0}/hooks",
        "/api/v4/projects/{0}/job_token_scope/allowlist",
        "/api/v4/projects/{0}/trigger_deliveries",
    ];

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task A_page_past_int_range_is_an_empty_page_not_an_error_or_the_first_page(string list)
    {
        Require();
        var ct = TestContext.Current.CancellationToken;
        var root = Root();
        using var slice = await TriggerSlice.ArrangeAsync(root, ct);
        using var pipeline = await root.TriggerPipelineAsync(slice.ProjectId.ToString(), slice.Token, "main", ct);
        var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, list, slice.ProjectId);

        foreach (var page in new[] { "2147483648", "4611686018427387904", "9223372036854775807" })
        {
            using var response = await root.GetAsync($"{path}?page={page}&per_page=100", ct);

            Assert.Equal((200, "[]"), await response.AnswerAsync(ct));
            Assert.Equal(page, response.Headers.GetValues("X-Page").Single());
            Assert.Equal("", response.Headers.GetValues("X-Next-Page").Single());
        }
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task A_page_beyond_64_bits_is_gitlabs_400(string list)
    {
        Require();
        var ct = TestContext.Current.CancellationToken;
        var root = Root();
        using var slice = await TriggerSlice.ArrangeAsync(root, ct);
        var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, list, slice.ProjectId);

        using var response = await root.GetAsync($"{path}?page=9223372036854775808", ct);

        Assert.Equal((400, """{"error":"page is invalid"}"""), await response.AnswerAsync(ct));
    }
}
