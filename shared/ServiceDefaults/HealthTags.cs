namespace WvsMesh.ServiceDefaults;

/// <summary>Health-check tags. MassTransit tags its bus check <c>ready</c> too.</summary>
public static class HealthTags
{
    /// <summary>Checks that must pass before a host takes traffic.</summary>
    public const string Ready = "ready";
}
