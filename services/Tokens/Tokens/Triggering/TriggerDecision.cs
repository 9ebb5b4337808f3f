using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Identity;
using WvsMesh.Tokens.Data;
using WvsMesh.Tokens.Domain;

namespace WvsMesh.Tokens.Triggering;

/// <summary>What a trigger token may do with this trigger, decided before anything is asked of Pipelines.</summary>
internal abstract record TriggerVerdict
{
    private TriggerVerdict()
    {
    }

    /// <summary>404: an unknown, foreign, revoked or expired token (a personal access token has no row at all).</summary>
    public sealed record NotFound : TriggerVerdict;

    /// <summary>401: the token wants signed deliveries and this one's signature is missing, wrong or too old.</summary>
    public sealed record Unauthorized(string Problem) : TriggerVerdict;

    /// <summary>400 with GitLab's text: the owner may not, or not on this ref.</summary>
    public sealed record Refused(string Message) : TriggerVerdict;

    /// <summary>Ask Pipelines, as <see cref="Owner"/> with <see cref="Access"/>; <see cref="Protection"/> is the ref's.</summary>
    public sealed record Allowed(TriggerToken Token, User Owner, AccessLevel Access, ProtectedRefAccess Protection) : TriggerVerdict;
}

/// <summary>
/// A trigger token's trigger, decided on its <see cref="TriggerContext"/> alone (no I/O, #14), in GitLab's order: the
/// token (this project's, live, the current secret or the previous one within its grace period), the delivery's signature
/// when the token wants one, the owner's access as it is now (an active Developer or above, or an admin), the token's
/// allowed refs, then the ref's protection for the owner — refused only when the name is protected both as a branch and
/// as a tag the owner may not run on; which of the two it is, Pipelines learns from the repository.
/// </summary>
internal static class TriggerDecision
{
    public const string InsufficientPermissions = "Insufficient permissions to create a new pipeline";

    /// <summary>The verdict on <paramref name="context"/> for a token with <paramref name="digest"/>.</summary>
    /// <param name="context">The route's project, the token, its owner and their role there, the project's protected refs.</param>
    /// <param name="digest">The presented token's digest (the current secret's, or the previous one's in its grace period).</param>
    /// <param name="refName">The ref's bare name (<see cref="RefPattern.BareName"/>).</param>
    /// <param name="call">The request as it came (body and headers, for a signature).</param>
    /// <param name="now">The time the token's expiry, grace period and signature are judged at.</param>
    /// <param name="signatureTolerance">How far a signed delivery's timestamp may be from <paramref name="now"/>.</param>
    /// <param name="decrypt">Opens the token's sealed signing secret.</param>
    public static TriggerVerdict Decide(
        TriggerContext context, string digest, string refName, TriggerCall call, DateTimeOffset now, TimeSpan signatureTolerance, Func<byte[], string> decrypt)
    {
        if (context is not { Project: { } project, Token: { } token }
            || token.ProjectId != project.Id || !token.IsUsableAt(now) || !token.Accepts(digest, now))
        {
            return new TriggerVerdict.NotFound();
        }
        if (token.SigningSecretCiphertext is { } sealedSecret
            && DeliverySignature.Verify(decrypt(sealedSecret), call.Body.Span, call.SignatureHeaders, now, signatureTolerance).Problem is { } problem)
        {
            return new TriggerVerdict.Unauthorized(problem);
        }
        // The token impersonates its owner's access as it is now, not as it was when the token was made.
        if (context.Owner is not { IsActive: true } owner || (!owner.IsAdmin && context.OwnerAccess < AccessLevel.Developer))
        {
            return new TriggerVerdict.Refused(InsufficientPermissions);
        }
        var allowed = token.AllowedRefPatterns();
        if (allowed.Count > 0 && !allowed.Any(pattern => RefPattern.Matches(pattern, refName)))
        {
            return new TriggerVerdict.Refused($"This trigger token may not run pipelines on '{refName}'");
        }
        var protection = Protection(refName, context.Branches, context.Tags, context.OwnerAccess, owner.IsAdmin);
        return protection.DeniedEitherWay
            ? new TriggerVerdict.Refused(GitLabErrors.ProtectedRefDenied(refName))
            : new TriggerVerdict.Allowed(token, owner, context.OwnerAccess, protection);
    }

    /// <summary>How the project's protected-ref rules apply to <paramref name="refName"/> for a user with <paramref name="access"/>.</summary>
    public static ProtectedRefAccess Protection(
        string refName, IEnumerable<ProtectedBranch> branches, IEnumerable<ProtectedTag> tags, AccessLevel access, bool isAdmin) =>
        ProtectedRefAccess.For(
            refName,
            branches.Select(rule => (rule.Name, rule.PushAccessLevel, rule.MergeAccessLevel)),
            tags.Select(rule => (rule.Name, rule.CreateAccessLevel)),
            access,
            isAdmin);
}
