using System.Diagnostics;

namespace WvsMesh.TestKit;

/// <summary>A throwaway git repository with a <c>.wvs/root-ci.yml</c>, for projects to import.</summary>
public sealed class GitRepository : IDisposable
{
    private GitRepository(string path) => Path = path;

    /// <summary>The repository's working folder (usable as a project's <c>import_url</c>).</summary>
    public string Path { get; }

    /// <summary>Creates a repository on branch <c>main</c> whose first commit holds <paramref name="ciConfig"/>.</summary>
    public static GitRepository Create(string ciConfig = "job:\n  script: echo hello\n")
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "wvs-repo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        var repository = new GitRepository(path);
        repository.Git("init", "-q", "-b", "main");
        repository.Commit(".wvs/root-ci.yml", ciConfig, "initial");
        return repository;
    }

    /// <summary>Writes <paramref name="file"/> and commits it on the current branch; returns the new commit's sha.</summary>
    public string Commit(string file, string content, string message)
    {
        var full = System.IO.Path.Combine(Path, file);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full) ?? Path);
        File.WriteAllText(full, content);
        Git("add", "--", file);
        Git("-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", message);
        return Head();
    }

    /// <summary>The sha of HEAD, or of <paramref name="reference"/>.</summary>
    public string Head(string reference = "HEAD") => Git("rev-parse", reference + "^{commit}").Trim();

    /// <summary>Runs git in the repository and returns its output; throws when git fails.</summary>
    public string Git(params string[] arguments) => Run(Path, arguments);

    /// <summary>Runs git in <paramref name="workingDirectory"/> and returns its output; throws when git fails.</summary>
    public static string Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
