namespace WvsMesh.Pipelines.Domain.Config;

/// <summary>
/// The CI configuration is invalid; <see cref="Exception.Message"/> is GitLab's answer (what is wrong and where), which
/// becomes the failed pipeline's error and the <c>422</c> body.
/// </summary>
internal sealed class CiConfigException(string message) : Exception(message);
