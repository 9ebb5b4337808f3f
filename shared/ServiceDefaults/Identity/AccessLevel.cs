namespace WvsMesh.ServiceDefaults.Identity;

/// <summary>GitLab's project access levels.</summary>
public enum AccessLevel
{
    /// <summary>Not a member of the project.</summary>
    None = 0,

    /// <summary>Guest (10).</summary>
    Guest = 10,

    /// <summary>Reporter (20): may read pipelines and jobs.</summary>
    Reporter = 20,

    /// <summary>Developer (30): may run pipelines on unprotected refs.</summary>
    Developer = 30,

    /// <summary>Maintainer (40): may manage trigger tokens and CI/CD settings.</summary>
    Maintainer = 40,

    /// <summary>Owner (50).</summary>
    Owner = 50,
}
