using System.Globalization;

namespace WvsMesh.BenchKit;

/// <summary>
/// Which process listens on a local TCP port (PostgreSQL's postmaster, RabbitMQ's <c>beam.smp</c>), from
/// <c>/proc/net/tcp*</c> and the processes' open sockets, so a benchmark can count the CPU of the servers it uses.
/// Linux only, and only for processes whose file descriptors this user may read (all of them as root); else null.
/// </summary>
public static class ListeningProcess
{
    private const string Listen = "0A";

    private static readonly string[] Tables = ["/proc/net/tcp", "/proc/net/tcp6"];

    /// <summary>The process listening on <paramref name="port"/>, or null when none is found or may be read.</summary>
    public static int? Find(int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in Tables.Where(File.Exists))
        {
            // "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …", ports in hex
            foreach (var fields in File.ReadLines(table).Skip(1).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            {
                var localPort = int.Parse(fields[1][(fields[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (localPort == port && fields[3] == Listen)
                {
                    inodes.Add($"socket:[{fields[9]}]");
                }
            }
        }
        if (inodes.Count == 0)
        {
            return null;
        }
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                if (Directory.EnumerateFiles(Path.Combine(folder, "fd")).Any(fd => new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target)))
                {
                    return pid;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Ended meanwhile, or not ours to read.
            }
        }
        return null;
    }
}
