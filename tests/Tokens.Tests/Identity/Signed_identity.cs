using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using WvsMesh.ServiceDefaults.Identity;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.Tokens.Tests.Identity;

/// <summary>The caller identity the gateway signs and the services verify: forged, stale or malformed values are null.</summary>
public sealed class Signed_identity
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ManualClock _clock = new(Start);
    private readonly CallerIdentity _caller = new(42, "root", false, 7, AccessLevel.Maintainer);

    public static TheoryData<CallerIdentity> Callers => new()
    {
        new CallerIdentity(42, "root", false, 7, AccessLevel.Maintainer),
        new CallerIdentity(1, "admin", true, null, AccessLevel.None),
        new CallerIdentity(5, "dévelopeur", false, 123456789012, AccessLevel.Developer),
        CallerIdentity.Anonymous,
    };

    [Theory]
    [MemberData(nameof(Callers))]
    public void Signed_identity_verifies_to_the_same_caller(CallerIdentity caller)
    {
        var identity = Identity("k");

        Assert.Equal(caller, identity.Verify(identity.Sign(caller)));
    }

    public static TheoryData<int, int> TamperedPositions => new()
    {
        { 0, 0 },   // payload, first character
        { 0, 20 },  // payload, middle
        { 1, 0 },   // signature, first character
        { 1, 20 },  // signature, middle
    };

    [Theory]
    [MemberData(nameof(TamperedPositions))]
    public void Tampered_identity_is_refused(int part, int position)
    {
        var identity = Identity("k");
        var parts = identity.Sign(_caller).Split('.');
        var characters = parts[part].ToCharArray();
        characters[position] = characters[position] == 'A' ? 'B' : 'A';
        parts[part] = new string(characters);

        Assert.Null(identity.Verify(string.Join('.', parts)));
    }

    [Fact]
    public void Identity_edited_to_admin_is_refused()
    {
        var identity = Identity("k");
        var parts = identity.Sign(_caller).Split('.');
        var json = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(parts[0]));
        var forged = json.Replace("\"IsAdmin\":false", "\"IsAdmin\":true", StringComparison.Ordinal);
        Assert.NotEqual(json, forged);

        var value = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(forged)) + "." + parts[1];

        Assert.Null(identity.Verify(value));
    }

    public static TheoryData<int, bool> SecondsAfterSigning => new()
    {
        { 0, true },
        { 1, true },
        { 59, true },
        { 60, false },
        { 61, false },
        { 3600, false },
    };

    [Theory]
    [MemberData(nameof(SecondsAfterSigning))]
    public void Identity_is_valid_for_its_lifetime_only(int seconds, bool valid)
    {
        var identity = Identity("k");
        var value = identity.Sign(_caller);

        _clock.Advance(TimeSpan.FromSeconds(seconds));

        CallerIdentity? expected = valid ? _caller : null;
        Assert.Equal(expected, identity.Verify(value));
    }

    [Fact]
    public void Expired_identity_is_refused()
    {
        var identity = Identity("k");
        var value = identity.Sign(_caller);

        _clock.Advance(SignedIdentity.Lifetime + TimeSpan.FromSeconds(1));

        Assert.Null(identity.Verify(value));
    }

    [Fact]
    public void Identity_signed_with_another_key_is_refused()
    {
        var value = Identity("another key").Sign(_caller);

        Assert.Null(Identity("k").Verify(value));
    }

    [Fact]
    public void Missing_identity_is_refused()
    {
        Assert.Null(Identity("k").Verify(null));
    }

    public static TheoryData<string> Garbage => new()
    {
        "",
        "abc",
        "a.b",
        "....",
        ".",
        "a.",
        ".b",
        "abc.def",
        "a.b.c",
        "!!!.???",
        "eyJ9.eyJ9",
        "e30.e30",
        " . ",
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Garbage_is_refused_without_throwing(string value)
    {
        Assert.Null(Identity("k").Verify(value));
    }

    public static TheoryData<string> SignedGarbage => new()
    {
        "",
        "not json",
        "{",
        "null",
        "1",
        "[]",
        "{}",
        """{"Caller":null,"Expires":99999999999}""",
        """{"Caller":{"UserId":"x"},"Expires":99999999999}""",
        """{"Caller":{"Access":"Bogus"},"Expires":99999999999}""",
        """{"Caller":{"UserId":1},"Expires":"soon"}""",
        new string('[', 100) + new string(']', 100),
    };

    [Theory]
    [MemberData(nameof(SignedGarbage))]
    public void Well_signed_garbage_is_refused_without_throwing(string json)
    {
        Assert.Null(Identity("k").Verify(SignWithKey("k", Encoding.UTF8.GetBytes(json))));
    }

    [Fact]
    public void Well_signed_bytes_that_are_not_utf8_are_refused_without_throwing()
    {
        Assert.Null(Identity("k").Verify(SignWithKey("k", [0xFF, 0xFE, 0x7B, 0xC3])));
    }

    private SignedIdentity Identity(string key) =>
        new(Options.Create(new IdentityOptions { SigningKey = key }), _clock);

    // The signing key is SHA-256 of WVS_IDENTITY_KEY (IdentityOptions.Key); signing arbitrary bytes with it shows that
    // a value passing the signature check is still parsed defensively.
    private static string SignWithKey(string key, byte[] payload) =>
        WebEncoders.Base64UrlEncode(payload) + "."
        + WebEncoders.Base64UrlEncode(HMACSHA256.HashData(SHA256.HashData(Encoding.UTF8.GetBytes(key)), payload));
}
