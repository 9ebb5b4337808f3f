using System.Text;
using WvsMesh.ServiceDefaults.Security;
using WvsMesh.Tokens.Domain;
using Xunit;

namespace WvsMesh.Tokens.Tests.Domain;

/// <summary>
/// Signed trigger tokens: GitHub's <c>X-Hub-Signature-256</c> and Standard Webhooks, checked against the vectors their
/// documentation publishes, plus the replay window and every way a signature can be missing or wrong.
/// </summary>
public sealed class Verifying_delivery_signatures
{
    // Standard Webhooks' published example (standard-webhooks spec and libraries).
    private const string StandardSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string StandardId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long StandardTimestamp = 1614265330;
    private const string StandardBody = """{"test": 2432232314}""";
    private const string StandardSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    // GitHub's published example ("Validating webhook deliveries").
    private const string GitHubSecret = "It's a Secret to Everybody";
    private const string GitHubBody = "Hello, World!";
    private const string GitHubSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    private static readonly DateTimeOffset StandardNow = DateTimeOffset.FromUnixTimeSeconds(StandardTimestamp + 60);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    [Fact]
    public void The_published_standard_webhooks_example_is_valid()
    {
        var check = DeliverySignature.Verify(StandardSecret, Bytes(StandardBody), Standard(StandardSignature), StandardNow, Tolerance);

        Assert.True(check.IsValid, check.Problem);
        Assert.Equal(StandardSignature, StandardWebhookSignature.Sign(StandardSecret, StandardId, StandardTimestamp, Bytes(StandardBody)));
    }

    [Fact]
    public void One_valid_signature_among_several_is_enough()
    {
        var headers = Standard("v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v2,xyz " + StandardSignature);

        Assert.True(DeliverySignature.Verify(StandardSecret, Bytes(StandardBody), headers, StandardNow, Tolerance).IsValid);
    }

    [Theory]
    [InlineData("""{"test": 2432232315}""", StandardSignature, "does not match")]
    [InlineData(StandardBody, "v1,g1hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "does not match")]
    [InlineData(StandardBody, "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "does not match")]
    [InlineData(StandardBody, "v1,not base64!", "does not match")]
    public void A_changed_body_or_signature_is_refused(string body, string signature, string problem)
    {
        var check = DeliverySignature.Verify(StandardSecret, Bytes(body), Standard(signature), StandardNow, Tolerance);

        Assert.False(check.IsValid);
        Assert.Contains(problem, check.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-86_400)]
    public void A_timestamp_outside_the_window_is_refused_as_a_replay(int secondsFromNow)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(StandardTimestamp - secondsFromNow);

        var check = DeliverySignature.Verify(StandardSecret, Bytes(StandardBody), Standard(StandardSignature), now, Tolerance);

        Assert.False(check.IsValid);
        Assert.Contains("outside the 300-second tolerance", check.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(0)]
    [InlineData(300)]
    public void A_timestamp_inside_the_window_is_accepted(int secondsFromNow)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(StandardTimestamp - secondsFromNow);

        Assert.True(DeliverySignature.Verify(StandardSecret, Bytes(StandardBody), Standard(StandardSignature), now, Tolerance).IsValid);
    }

    [Theory]
    [InlineData(null, "1614265330")]
    [InlineData(StandardId, null)]
    [InlineData(StandardId, "yesterday")]
    public void Standard_webhooks_needs_its_id_and_a_numeric_timestamp(string? id, string? timestamp)
    {
        var headers = new Dictionary<string, string> { ["webhook-signature"] = StandardSignature };
        if (id is not null)
        {
            headers["webhook-id"] = id;
        }
        if (timestamp is not null)
        {
            headers["webhook-timestamp"] = timestamp;
        }

        var check = DeliverySignature.Verify(StandardSecret, Bytes(StandardBody), headers, StandardNow, Tolerance);

        Assert.Contains("needs webhook-id", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_published_github_example_is_valid()
    {
        var headers = new Dictionary<string, string> { ["x-hub-signature-256"] = GitHubSignature, ["x-github-delivery"] = "72d3162e-cc78-11e3-81ab-4c9367dc0958" };

        Assert.True(DeliverySignature.Verify(GitHubSecret, Bytes(GitHubBody), headers, DateTimeOffset.UnixEpoch, Tolerance).IsValid);
        Assert.Equal(GitHubSignature, DeliverySignature.SignGitHub(GitHubSecret, Bytes(GitHubBody)));
    }

    [Theory]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e18")]
    [InlineData("sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha256=zz")]
    [InlineData("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    public void A_wrong_github_signature_is_refused(string header)
    {
        var headers = new Dictionary<string, string> { ["x-hub-signature-256"] = header };

        var check = DeliverySignature.Verify(GitHubSecret, Bytes(GitHubBody), headers, DateTimeOffset.UnixEpoch, Tolerance);

        Assert.Equal("X-Hub-Signature-256 does not match the body", check.Problem);
    }

    [Fact]
    public void A_github_signed_delivery_without_its_delivery_id_is_refused() // #13
    {
        var headers = new Dictionary<string, string> { ["x-hub-signature-256"] = GitHubSignature };

        var check = DeliverySignature.Verify(GitHubSecret, Bytes(GitHubBody), headers, DateTimeOffset.UnixEpoch, Tolerance);

        Assert.Equal("X-Hub-Signature-256 needs X-GitHub-Delivery", check.Problem);
    }

    [Fact]
    public void An_unsigned_delivery_is_refused()
    {
        var check = DeliverySignature.Verify(GitHubSecret, Bytes(GitHubBody), new Dictionary<string, string>(), DateTimeOffset.UnixEpoch, Tolerance);

        Assert.Contains("requires signed deliveries", check.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short", "at least 16 characters")]
    [InlineData("whsec_!!!!!!!!!!!!!!!!", "continue in base64")]
    [InlineData("a-long-enough-plain-secret", null)]
    [InlineData(StandardSecret, null)]
    public void Secrets_are_validated_when_set(string secret, string? problem)
    {
        var found = DeliverySignature.Validate(secret);

        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found, StringComparison.Ordinal);
        }
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static Dictionary<string, string> Standard(string signature) => new()
    {
        ["webhook-id"] = StandardId,
        ["webhook-timestamp"] = StandardTimestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["webhook-signature"] = signature,
    };
}
