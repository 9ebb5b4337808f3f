using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Xunit;

namespace WvsMesh.Deploy.Tests.Manifests;

/// <summary>What a command-line tool printed and how it exited.</summary>
internal sealed record ToolResult(int ExitCode, string Output, string Error)
{
    public string Describe(string command) => $"{command} exited {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}

/// <summary>
/// Runs the deployment tools (kubectl, docker-compose) as processes. A missing tool fails the test with what to install:
/// under ./test.sh, scripts/test-tools.sh installs both, so these tests never skip.
/// </summary>
internal static class ExternalTool
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Runs <paramref name="tool"/>; past <paramref name="timeout"/> (2 minutes unless given) its process tree is killed.</summary>
    public static async Task<ToolResult> RunAsync(
        string tool, string installHint, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var limit = timeout ?? DefaultTimeout;
        var start = new ProcessStartInfo(tool)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"'{tool}' is not installed or not on PATH ({e.Message}). {installHint}", e);
        }

        using (process)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken, ct);
            deadline.CancelAfter(limit);
            var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var error = process.StandardError.ReadToEndAsync(deadline.Token);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
                return new ToolResult(process.ExitCode, await output, await error);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{tool} {string.Join(' ', start.ArgumentList)} did not finish within {limit}.");
            }
        }
    }

    /// <summary>The arguments as one line, for messages.</summary>
    public static string CommandLine(string tool, IEnumerable<string> arguments)
    {
        var line = new StringBuilder(tool);
        foreach (var argument in arguments)
        {
            line.Append(' ').Append(argument.Contains(' ', StringComparison.Ordinal) ? $"'{argument}'" : argument);
        }
        return line.ToString();
    }
}
