using WvsMesh.ServiceDefaults.Identity;

namespace WvsMesh.Tokens.Domain;

/// <summary>
/// Whether a user may run a pipeline on a ref, as a branch and as a tag (Tokens cannot know which it is; Pipelines,
/// which resolves it, applies the matching answer). A protected branch admits whoever may push or merge to it, a
/// protected tag whoever may create it; level 0 admits no one, 60 only admins (GitLab's access levels).
/// </summary>
internal sealed record ProtectedRefAccess(bool BranchProtected, bool BranchAllowed, bool TagProtected, bool TagAllowed)
{
    public const int NoOne = 0;
    public const int Admin = 60;

    /// <summary>Neither reading of the ref admits the user: refuse before asking Pipelines.</summary>
    public bool DeniedEitherWay => (BranchProtected && !BranchAllowed) && (TagProtected && !TagAllowed);

    public static ProtectedRefAccess For(
        string refName, IEnumerable<(string Name, int PushLevel, int MergeLevel)> branches,
        IEnumerable<(string Name, int CreateLevel)> tags, AccessLevel access, bool isAdmin)
    {
        var branchRules = branches.Where(rule => RefPattern.Matches(rule.Name, refName)).ToList();
        var tagRules = tags.Where(rule => RefPattern.Matches(rule.Name, refName)).ToList();
        return new ProtectedRefAccess(
            branchRules.Count > 0,
            branchRules.Count == 0 || branchRules.Any(rule => Admits(rule.PushLevel, access, isAdmin) || Admits(rule.MergeLevel, access, isAdmin)),
            tagRules.Count > 0,
            tagRules.Count == 0 || tagRules.Any(rule => Admits(rule.CreateLevel, access, isAdmin)));
    }

    private static bool Admits(int level, AccessLevel access, bool isAdmin) => level switch
    {
        NoOne => false,
        Admin => isAdmin,
        _ => isAdmin || (int)access >= level,
    };
}
