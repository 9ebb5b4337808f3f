using System.Diagnostics;
using WvsMesh.Runner.Trace;

namespace WvsMesh.Runner.Jobs;

/// <summary>
/// Runs one program of a job (git, bash) with an explicit argument list and environment, its stdout and stderr
/// streamed into the job's trace. Cancelling kills the whole process tree.
/// </summary>
internal static class ShellProcess
{
    // Output still open after the process exited belongs to a background child that outlived it; don't wait for it forever.
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="program"/> to its end and returns its exit code; throws <see cref="OperationCanceledException"/> once it has been killed.</summary>
    public static async Task<int> RunAsync(
        string program,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        JobTrace trace,
        CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = new Process { StartInfo = start };
        process.Start();
        process.StandardInput.Close();
        var pumps = Task.WhenAll(
            PumpAsync(process.StandardOutput.BaseStream, trace),
            PumpAsync(process.StandardError.BaseStream, trace));
        await using (ct.Register(() => Kill(process)))
        {
            await process.WaitForExitAsync(CancellationToken.None);
        }
        await Task.WhenAny(pumps, Task.Delay(DrainGrace, CancellationToken.None));
        ct.ThrowIfCancellationRequested();
        return process.ExitCode;
    }

    private static async Task PumpAsync(Stream output, JobTrace trace)
    {
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await output.ReadAsync(buffer)) > 0)
            {
                trace.Write(buffer.AsSpan(0, read));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe closed under us: the process is gone.
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already exited.
        }
    }
}
