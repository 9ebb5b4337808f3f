using System.Text.RegularExpressions;
using WvsMesh.Runner.Api;
using WvsMesh.Runner.Trace;

namespace WvsMesh.Runner.Jobs;

/// <summary>
/// Puts the job's commit into an empty folder: <c>git init</c>, a fetch of every branch and tag, a detached checkout.
/// Arguments go to git as a list — no shell ever sees the repository URL or the ref.
/// </summary>
internal static partial class GitCheckout
{
    /// <summary>Returns null when the commit is checked out, else what went wrong (for the log).</summary>
    public static async Task<string?> RunAsync(
        GitInfo? git, string projectDir, IReadOnlyDictionary<string, string> jobEnvironment, JobTrace trace, CancellationToken ct)
    {
        var repository = git?.RepoUrl;
        if (string.IsNullOrEmpty(repository) || repository.StartsWith('-'))
        {
            return "the job has no usable repository URL";
        }
        var revision = git?.Sha is { } sha && CommitSha().IsMatch(sha) ? sha : RefRevision(git);
        if (revision is null)
        {
            return "the job names neither a commit nor a ref to check out";
        }

        var environment = new Dictionary<string, string>(jobEnvironment, StringComparer.Ordinal)
        {
            // A repository that wants credentials must fail, not wait for someone to type them.
            ["GIT_TERMINAL_PROMPT"] = "0",
        };
        trace.WriteLine("Created fresh repository.");
        if (await GitAsync(["-c", "init.defaultBranch=main", "init", "-q"]) is { } init)
        {
            return init;
        }
        trace.WriteLine("Fetching changes...");
        if (await GitAsync(["fetch", "-q", "--", repository, "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"]) is { } fetch)
        {
            return fetch;
        }
        trace.WriteLine($"Checking out {revision[..Math.Min(8, revision.Length)]} as detached HEAD (ref is {git?.Ref})...");
        return await GitAsync(["checkout", "-q", "--detach", revision]);

        async Task<string?> GitAsync(string[] arguments)
        {
            var exitCode = await ShellProcess.RunAsync("git", arguments, projectDir, environment, trace, ct);
            return exitCode == 0 ? null : $"git {arguments[arguments[0] == "-c" ? 2 : 0]} exited with code {exitCode}";
        }
    }

    private static string? RefRevision(GitInfo? git) => git?.Ref switch
    {
        null or "" => null,
        { } name when name.StartsWith('-') => null,
        { } name when git.RefType == "tag" => "refs/tags/" + name,
        { } name => "refs/remotes/origin/" + name,
    };

    [GeneratedRegex("^[0-9a-f]{7,64}$")]
    private static partial Regex CommitSha();
}
