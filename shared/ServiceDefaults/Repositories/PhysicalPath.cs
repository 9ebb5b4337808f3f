namespace WvsMesh.ServiceDefaults.Repositories;

/// <summary>
/// A path as the kernel would walk it (POSIX <c>realpath</c>): absolute, every symbolic link replaced by its target, and
/// <c>..</c> taken after the link before it (so <c>link/..</c> is the target's parent, not the link's). Parts that do not
/// exist are kept as written.
/// </summary>
public static class PhysicalPath
{
    private const int MaxLinks = 40;

    public static string Of(string path) =>
        Walk((Path.IsPathRooted(path) ? path : Path.Join(Environment.CurrentDirectory, path)).Split('/', StringSplitOptions.RemoveEmptyEntries), 0);

    private static string Walk(string[] parts, int links)
    {
        var current = "/";
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }
            var next = Path.Join(current, part);
            if (LinkTarget(next) is { } target)
            {
                if (links >= MaxLinks)
                {
                    throw new IOException("Too many levels of symbolic links");
                }
                var from = target.StartsWith('/') ? target : Path.Join(current, target);
                return Walk([.. from.Split('/', StringSplitOptions.RemoveEmptyEntries), .. parts.Skip(i + 1)], links + 1);
            }
            current = next;
        }
        return current;
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
