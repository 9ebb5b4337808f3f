using System.Globalization;

namespace WvsMesh.BenchKit;

/// <summary>
/// CPU time of processes and all their descendants, from <c>/proc/&lt;pid&gt;/stat</c>: user and system time of each
/// living process plus the time of the children it has already reaped (<c>cutime</c>, <c>cstime</c>), so a short-lived
/// child (a <c>git</c> a host ran, a PostgreSQL backend that ended) is counted too. Take two readings and subtract.
/// Linux only; elsewhere null.
/// </summary>
public static class ProcessTreeCpu
{
    // USER_HZ, the unit of /proc/<pid>/stat times: 100 on every Linux architecture .NET runs on.
    internal const double TicksPerSecond = 100;

    private readonly record struct Stat(int Parent, long Ticks);

    /// <summary>The CPU time used so far by <paramref name="roots"/> and their descendants; a root that is gone counts nothing.</summary>
    public static TimeSpan? Read(IEnumerable<int> roots)
    {
        if (!Directory.Exists("/proc/self"))
        {
            return null;
        }
        var stats = ReadAll();
        var children = stats.ToLookup(pair => pair.Value.Parent, pair => pair.Key);
        var seen = new HashSet<int>();
        var pending = new Stack<int>(roots);
        long ticks = 0;
        while (pending.TryPop(out var pid))
        {
            if (!seen.Add(pid) || !stats.TryGetValue(pid, out var stat))
            {
                continue;
            }
            ticks += stat.Ticks;
            foreach (var child in children[pid])
            {
                pending.Push(child);
            }
        }
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    private static Dictionary<int, Stat> ReadAll()
    {
        var stats = new Dictionary<int, Stat>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(folder, "stat"));
            }
            catch (IOException)
            {
                continue; // ended meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            stats[pid] = new Stat((int)StatField(text, 4), StatField(text, 14) + StatField(text, 15) + StatField(text, 16) + StatField(text, 17));
        }
        return stats;
    }

    /// <summary>Field <paramref name="number"/> (numbered as in proc(5), from 3 on) of a <c>/proc/…/stat</c> line.</summary>
    internal static long StatField(string stat, int number)
    {
        // "pid (comm) state ppid …": comm may hold spaces and parentheses, so fields are counted after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
    }
}
