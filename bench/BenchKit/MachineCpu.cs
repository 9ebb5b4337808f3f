using System.Diagnostics;
using System.Globalization;

namespace WvsMesh.BenchKit;

/// <summary>
/// The CPU situation of the machine, for an honest reading of the numbers: how many cores (<c>nproc</c>), the
/// 1-minute load average, and how busy all cores were between two samples of <c>/proc/stat</c> (every process of the
/// machine, not only ours). Linux only; elsewhere the values are missing and printed as such.
/// </summary>
public static class MachineCpu
{
    /// <summary>Jiffies since boot: all of them, and those spent idle or waiting for I/O.</summary>
    public readonly record struct Sample(long Total, long Idle);

    /// <summary>What <c>nproc</c> prints (the cores this process may run on), else the runtime's count.</summary>
    public static int Nproc()
    {
        try
        {
            var start = new ProcessStartInfo("nproc") { RedirectStandardOutput = true, UseShellExecute = false };
            using var process = Process.Start(start);
            if (process is not null)
            {
                var output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                if (int.TryParse(output.Trim(), CultureInfo.InvariantCulture, out var cores))
                {
                    return cores;
                }
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No nproc on this machine.
        }
        return Environment.ProcessorCount;
    }

    /// <summary>The 1-, 5- and 15-minute load averages of <c>/proc/loadavg</c>, as printed there.</summary>
    public static string LoadAverages() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "n/a";

    /// <summary>The first field of <c>/proc/loadavg</c>, as printed there.</summary>
    public static string LoadAverage1Minute() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    public static Sample? Read()
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }
        // "cpu  user nice system idle iowait irq softirq steal guest guest_nice"; guest time is already inside user.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum();
        return new Sample(total, fields[3] + fields[4]);
    }

    /// <summary>The share of all cores' time that was busy between two samples, in percent.</summary>
    public static double? BusyPercent(Sample? before, Sample? after) =>
        before is { } b && after is { } a && a.Total > b.Total
            ? 100.0 * (1 - (double)(a.Idle - b.Idle) / (a.Total - b.Total))
            : null;
}
