using System.Globalization;

namespace WvsMesh.BenchKit;

/// <summary>
/// CPU used by the .NET runtime's tiered compilation thread (named <c>.NET Tiered Com</c>) of some processes, read from
/// <c>/proc/&lt;pid&gt;/task</c>. A host under load keeps recompiling its hot methods at higher tiers for a while; in the
/// distributed composition on 2 cores that thread was still a third of Tokens' and Pipelines' CPU a minute into load
/// (perf, 2026-12-06), so a measurement taken then measures the JIT as much as the product. The thread ends when idle and
/// a new one starts later, so readings are kept per thread id.
/// </summary>
public sealed class TieredCompilationCpu(IEnumerable<int> processes)
{
    private const string ThreadName = ".NET Tiered Com";

    private readonly int[] _processes = [.. processes];
    private Dictionary<int, long> _seen = [];

    /// <summary>The tiered compilation threads' CPU since the last call (the first call counts from each thread's start).</summary>
    public TimeSpan Advance()
    {
        var now = new Dictionary<int, long>();
        long delta = 0;
        foreach (var pid in _processes)
        {
            string[] tasks;
            try
            {
                tasks = Directory.GetDirectories($"/proc/{pid}/task");
            }
            catch (IOException)
            {
                continue;
            }
            foreach (var task in tasks)
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') != ThreadName)
                    {
                        continue;
                    }
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var ticks = ProcessTreeCpu.StatField(stat, 14) + ProcessTreeCpu.StatField(stat, 15); // user + system
                    var tid = int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture);
                    now[tid] = ticks;
                    delta += ticks - _seen.GetValueOrDefault(tid);
                }
                catch (IOException)
                {
                    // the thread ended meanwhile
                }
            }
        }
        _seen = now;
        return TimeSpan.FromSeconds(delta / ProcessTreeCpu.TicksPerSecond);
    }
}
