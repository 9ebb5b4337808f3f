namespace WvsMesh.Pipelines.Domain.Config;

/// <summary>
/// Builds entry-validation errors the way GitLab's <c>Gitlab::Config::Entry::Validator#messages</c> does:
/// <c>"#{location} #{error}".downcase</c> (so <c>jobs:Build</c> is reported as <c>jobs:build</c>).
/// </summary>
internal static class ConfigError
{
    public static CiConfigException At(string location, string message) =>
        new($"{location} {message}".ToLowerInvariant());
}
