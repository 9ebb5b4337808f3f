using System.Text;
using WvsMesh.ServiceDefaults.Security;
using WvsMesh.Webhooks.Hooks;
using Xunit;

namespace WvsMesh.Webhooks.Tests.Hooks;

/// <summary>
/// Standard Webhooks signatures as GitLab 19 sends them: <c>v1,</c> + base64 HMAC-SHA256 over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>, keyed by the bytes after <c>whsec_</c> (or, beyond GitLab, by the
/// UTF-8 bytes of a token without that prefix).
/// </summary>
public sealed class Signing_hook_requests
{
    [Fact]
    public void A_whsec_token_signs_the_standard_webhooks_test_vector()
    {
        // The Standard Webhooks reference libraries' own test case.
        var signature = StandardWebhookSignature.Sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, """{"test": 2432232314}"""u8);

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void A_token_without_the_prefix_is_keyed_by_its_utf8_bytes()
    {
        // python3: base64(hmac.new(b'plain-signing-secret', b'<id>.1700000000.<body>', sha256).digest())
        var signature = StandardWebhookSignature.Sign(
            "plain-signing-secret", "3a427872-00df-429c-9bc9-a9475de2efe4", 1700000000, """{"object_kind":"pipeline"}"""u8);

        Assert.Equal("v1,NG+Pe/wlUPyUXrO8dtMfYX4WE0T6p8zqoBIFsw+Xges=", signature);
    }

    [Fact]
    public void Any_change_to_id_timestamp_or_body_changes_the_signature()
    {
        const string Token = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        var body = Encoding.UTF8.GetBytes("""{"a":1}""");
        var signature = StandardWebhookSignature.Sign(Token, "id", 1, body);

        Assert.NotEqual(signature, StandardWebhookSignature.Sign(Token, "id2", 1, body));
        Assert.NotEqual(signature, StandardWebhookSignature.Sign(Token, "id", 2, body));
        Assert.NotEqual(signature, StandardWebhookSignature.Sign(Token, "id", 1, """{"a":2}"""u8));
        Assert.NotEqual(signature, StandardWebhookSignature.Sign("whsec_AAAA", "id", 1, body));
    }

    [Theory]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", true)]
    [InlineData("any secret at all", true)]
    [InlineData("whsec_not base64!", false)]
    [InlineData("whsec_", false)]
    [InlineData("", false)]
    public void Whsec_tokens_must_hold_base64(string token, bool valid)
    {
        Assert.Equal(valid, StandardWebhookSignature.IsValidToken(token));
    }
}
