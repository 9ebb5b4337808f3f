using System.Collections;
using System.Globalization;
using WvsMesh.Runner.Api;

namespace WvsMesh.Runner.Jobs;

/// <summary>
/// A job's process environment, built explicitly: a short allow-list of the runner's own variables
/// (<see cref="Inherited"/>), GitLab's predefined variables, the job's variables (file variables as paths), then
/// <c>CI_PROJECT_DIR</c> and <c>CI_BUILDS_DIR</c>, which only the runner knows. Nothing else of the runner's environment
/// reaches a job: the runner's token, and whatever secrets its host was started with, stay with the runner (#13).
/// </summary>
internal static class JobEnvironment
{
    /// <summary>
    /// The runner's own variables a job inherits, when set: where programs are, whose home and shell, the locale and time
    /// zone, the temporary folder, and the CA certificates git and curl trust. Anything else a job needs (a proxy, say)
    /// is a CI/CD variable.
    /// </summary>
    public static readonly IReadOnlySet<string> Inherited = new HashSet<string>(StringComparer.Ordinal)
    {
        "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL", "TZ", "TMPDIR", "SSL_CERT_FILE", "SSL_CERT_DIR",
    };

    /// <summary>The runner's own environment, as this process sees it.</summary>
    public static IReadOnlyDictionary<string, string> OfThisProcess()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                environment[key] = value;
            }
        }
        return environment;
    }

    /// <param name="runnerEnvironment">The runner's own environment; only its <see cref="Inherited"/> variables are kept.</param>
    /// <param name="job">The job whose variables are exported.</param>
    /// <param name="projectDir">The checkout, exported as <c>CI_PROJECT_DIR</c>.</param>
    /// <param name="buildsDir">Exported as <c>CI_BUILDS_DIR</c>.</param>
    /// <param name="writeFile">Stores a file variable's value (key, value) and returns the path to export.</param>
    public static Dictionary<string, string> Build(
        IReadOnlyDictionary<string, string> runnerEnvironment,
        JobPayload job,
        string projectDir,
        string buildsDir,
        Func<string, string, string> writeFile)
    {
        var environment = runnerEnvironment.Where(variable => Inherited.Contains(variable.Key))
            .ToDictionary(variable => variable.Key, variable => variable.Value, StringComparer.Ordinal);

        environment["CI"] = "true";
        environment["GITLAB_CI"] = "true";
        environment["CI_SERVER"] = "yes";
        environment["CI_RUNNER_VERSION"] = RunnerProgram.Version;
        environment["CI_JOB_ID"] = job.Id.ToString(CultureInfo.InvariantCulture);
        environment["CI_JOB_NAME"] = job.JobInfo?.Name ?? "";
        environment["CI_JOB_STAGE"] = job.JobInfo?.Stage ?? "";
        environment["CI_PROJECT_ID"] = (job.JobInfo?.ProjectId ?? 0).ToString(CultureInfo.InvariantCulture);
        environment["CI_PROJECT_NAME"] = job.JobInfo?.ProjectName ?? "";
        environment["CI_COMMIT_SHA"] = job.GitInfo?.Sha ?? "";
        environment["CI_COMMIT_BEFORE_SHA"] = job.GitInfo?.BeforeSha ?? "";
        environment["CI_COMMIT_REF_NAME"] = job.GitInfo?.Ref ?? "";

        foreach (var variable in job.Variables ?? [])
        {
            if (!IsValidKey(variable.Key))
            {
                continue;
            }
            var value = variable.Value ?? "";
            environment[variable.Key] = variable.File ? writeFile(variable.Key, value) : value;
        }

        environment["CI_PROJECT_DIR"] = projectDir;
        environment["CI_BUILDS_DIR"] = buildsDir;
        return environment;
    }

    private static bool IsValidKey([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? key) =>
        !string.IsNullOrEmpty(key) && !key.Contains('=', StringComparison.Ordinal) && !key.Contains('\0', StringComparison.Ordinal);
}
