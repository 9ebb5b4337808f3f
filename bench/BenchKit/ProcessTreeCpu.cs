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
    private const double TicksPerSecond = 100;

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
            // "pid (comm) state ppid …": comm may hold spaces and parentheses, so fields are counted after the last ')'.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture); // numbered as in proc(5)
            stats[pid] = new Stat((int)Field(4), Field(14) + Field(15) + Field(16) + Field(17));
        }
        return stats;
    }
}
