using System.Diagnostics;
using System.Text;

namespace WvsMesh.Pipelines.Repositories;

/// <summary>
/// Runs the git command line with arguments as a list (never through a shell) and captures its output. One per host, so
/// that what it costs is counted: <see cref="ProcessesStarted"/> (#14: a trigger whose source has not changed starts none).
/// </summary>
internal sealed class Git
{
    private long _processesStarted;

    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public bool Succeeded => ExitCode == 0;
    }

    /// <summary>How many git processes this host has started.</summary>
    public long ProcessesStarted => Interlocked.Read(ref _processesStarted);

    public async Task<Result> RunAsync(string? workingDirectory, IEnumerable<string> arguments, CancellationToken ct)
    {
        var start = StartInfo(workingDirectory, arguments);
        start.StandardOutputEncoding = Encoding.UTF8;
        using var process = Start(start);
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>
    /// The blob <paramref name="objectName"/> (<c>sha:path</c>) through <c>git cat-file --batch</c>, whose size is read before
    /// its content: over <paramref name="limit"/> bytes nothing more is read and git is stopped. Null when it is no blob.
    /// </summary>
    public async Task<CommittedFile?> ReadBlobAsync(string workingDirectory, string objectName, int limit, CancellationToken ct)
    {
        var start = StartInfo(workingDirectory, ["cat-file", "--batch"]);
        start.RedirectStandardInput = true;
        using var process = Start(start);
        try
        {
            var error = process.StandardError.ReadToEndAsync(ct);
            await process.StandardInput.WriteAsync((objectName + "\n").AsMemory(), ct);
            process.StandardInput.Close();
            var blob = await CatFileBatch.ReadAsync(process.StandardOutput.BaseStream, limit, ct);
            if (blob is { TooBig: false })
            {
                await process.WaitForExitAsync(ct);
                await error;
            }
            return blob;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private Process Start(ProcessStartInfo start)
    {
        Interlocked.Increment(ref _processesStarted);
        return Process.Start(start) ?? throw new InvalidOperationException("git could not be started");
    }

    private static ProcessStartInfo StartInfo(string? workingDirectory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // Never prompt for credentials; a repository that needs them fails instead of hanging.
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_ASKPASS"] = "/bin/true";
        // No proxy: it would connect for git, to addresses RepositorySources never checked (as the hook sender uses none).
        foreach (var proxy in new[] { "http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY" })
        {
            start.Environment.Remove(proxy);
        }
        return start;
    }
}
