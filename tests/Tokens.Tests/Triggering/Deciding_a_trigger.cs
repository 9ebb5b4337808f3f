using WvsMesh.ServiceDefaults.Identity;
using WvsMesh.Tokens.Data;
using WvsMesh.Tokens.Domain;
using WvsMesh.Tokens.Triggering;
using Xunit;

namespace WvsMesh.Tokens.Tests.Triggering;

/// <summary>
/// #14: a trigger token's trigger is decided on its loaded context alone, in GitLab's order — the token, its signature,
/// the owner's current access, the token's allowed refs, the ref's protection. One row per rule.
/// </summary>
public sealed class Deciding_a_trigger
{
    private const string Digest = "current";
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static readonly Project Project = new()
    {
        Id = 7,
        Name = "demo",
        Path = "demo",
        Namespace = "root",
        FullPath = "root/demo",
        ImportUrl = "/tmp/demo",
        DefaultBranch = "main",
    };

    private static readonly TriggerToken Token = new()
    {
        Id = 3,
        ProjectId = 7,
        OwnerId = 2,
        TokenCiphertext = [],
        TokenDigest = Digest,
        ShortToken = "abcd",
        PreviousTokenDigest = "previous",
        PreviousValidUntil = Now.AddMinutes(5),
    };

    private static readonly User Owner = new() { Id = 2, Username = "owner", Name = "Owner" };

    public static TheoryData<string, string> Cases => new()
    {
        { "allowed", "allowed" },
        { "no token", "not found" },
        { "token of another project", "not found" },
        { "revoked token", "not found" },
        { "expired token", "not found" },
        { "previous secret within its grace period", "allowed" },
        { "previous secret after its grace period", "not found" },
        { "owner blocked", "refused: Insufficient permissions to create a new pipeline" },
        { "owner gone", "refused: Insufficient permissions to create a new pipeline" },
        { "owner a reporter", "refused: Insufficient permissions to create a new pipeline" },
        { "owner an admin and no member", "allowed" },
        { "ref outside the allowed refs", "refused: This trigger token may not run pipelines on 'main'" },
        { "ref inside the allowed refs", "allowed" },
        { "protected as branch and tag, owner may not", "refused: You do not have sufficient permission to run a pipeline on 'main'. Please select a different branch or contact your administrator for assistance." },
        { "protected as branch only, owner may not", "allowed" },
        { "protected, owner a maintainer", "allowed" },
        { "signed token, unsigned delivery", "unauthorized" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides(string situation, string expected)
    {
        var (context, digest) = Arrange(situation);

        var verdict = TriggerDecision.Decide(context, digest, "main", new TriggerCall { ProjectId = "7" }, Now, TimeSpan.FromMinutes(5), _ => "secret");

        Assert.Equal(expected, verdict switch
        {
            TriggerVerdict.Allowed => "allowed",
            TriggerVerdict.NotFound => "not found",
            TriggerVerdict.Refused refused => "refused: " + refused.Message,
            TriggerVerdict.Unauthorized => "unauthorized",
            _ => verdict.GetType().Name,
        });
    }

    [Fact]
    public void Allowed_carries_the_owner_access_and_the_refs_protection()
    {
        var context = Context() with { Branches = [Branch(push: 40)], OwnerAccess = AccessLevel.Maintainer };

        var allowed = Assert.IsType<TriggerVerdict.Allowed>(
            TriggerDecision.Decide(context, Digest, "main", new TriggerCall { ProjectId = "7" }, Now, TimeSpan.FromMinutes(5), _ => "secret"));

        Assert.Equal((Token, Owner, AccessLevel.Maintainer), (allowed.Token, allowed.Owner, allowed.Access));
        Assert.Equal(new ProtectedRefAccess(BranchProtected: true, BranchAllowed: true, TagProtected: false, TagAllowed: true), allowed.Protection);
    }

    private static (TriggerContext Context, string Digest) Arrange(string situation) => situation switch
    {
        "allowed" => (Context(), Digest),
        "no token" => (Context() with { Token = null }, Digest),
        "token of another project" => (Context() with { Token = Token with { ProjectId = 8 } }, Digest),
        "revoked token" => (Context() with { Token = Token with { RevokedAt = Now.AddDays(-1) } }, Digest),
        "expired token" => (Context() with { Token = Token with { ExpiresAt = Now.AddSeconds(-1) } }, Digest),
        "previous secret within its grace period" => (Context(), "previous"),
        "previous secret after its grace period" => (Context() with { Token = Token with { PreviousValidUntil = Now.AddSeconds(-1) } }, "previous"),
        "owner blocked" => (Context() with { Owner = Owner with { State = "blocked" } }, Digest),
        "owner gone" => (Context() with { Owner = null }, Digest),
        "owner a reporter" => (Context() with { OwnerAccess = AccessLevel.Reporter }, Digest),
        "owner an admin and no member" => (Context() with { Owner = Owner with { IsAdmin = true }, OwnerAccess = AccessLevel.None }, Digest),
        "ref outside the allowed refs" => (Context() with { Token = Token with { AllowedRefs = "release/*\nv*" } }, Digest),
        "ref inside the allowed refs" => (Context() with { Token = Token with { AllowedRefs = "release/*\nma*" } }, Digest),
        "protected as branch and tag, owner may not" => (Context() with { Branches = [Branch(push: 40)], Tags = [Tag(create: 40)] }, Digest),
        "protected as branch only, owner may not" => (Context() with { Branches = [Branch(push: 40)] }, Digest),
        "protected, owner a maintainer" => (Context() with { Branches = [Branch(push: 40)], Tags = [Tag(create: 40)], OwnerAccess = AccessLevel.Maintainer }, Digest),
        "signed token, unsigned delivery" => (Context() with { Token = Token with { SigningSecretCiphertext = [1, 2, 3] } }, Digest),
        _ => throw new ArgumentOutOfRangeException(nameof(situation), situation, null),
    };

    private static TriggerContext Context() => new(Project, Token, Owner, AccessLevel.Developer, [], []);

    private static ProtectedBranch Branch(int push) => new() { Id = 1, ProjectId = 7, Name = "main", PushAccessLevel = push, MergeAccessLevel = push };

    private static ProtectedTag Tag(int create) => new() { Id = 1, ProjectId = 7, Name = "main", CreateAccessLevel = create };
}
