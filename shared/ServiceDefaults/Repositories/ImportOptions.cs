namespace WvsMesh.ServiceDefaults.Repositories;

/// <summary>Settings for the repositories projects import (section <c>Imports</c>), read by Tokens and Pipelines alike.</summary>
public sealed class ImportOptions
{
    public const string Section = "Imports";

    /// <summary>
    /// Admin setting (GitLab's <c>allow_local_requests_from_web_hooks_and_services</c>, as it applies to imports): lets an
    /// <c>http(s)</c> <c>import_url</c> name a loopback, private, link-local or shared address. Off by default. Local paths
    /// and <c>file://</c> stay an admin's alone either way.
    /// </summary>
    public bool AllowLocalRequests { get; set; }
}
