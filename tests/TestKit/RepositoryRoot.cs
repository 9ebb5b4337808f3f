namespace WvsMesh.TestKit;

/// <summary>Where the repository is, and which build of it the running test assembly belongs to.</summary>
public static class RepositoryRoot
{
    /// <summary>The folder holding <c>WvsMesh.sln</c>, found upwards from the test assembly.</summary>
    public static string Path { get; } = Find();

    /// <summary>The test assembly's configuration (<c>Release</c>, <c>Debug</c>): hosts are taken from the same one.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent?.Name ?? "Debug";

    /// <summary>The test assembly's target framework folder (<c>net10.0</c>).</summary>
    public static string Framework { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Name;

    /// <summary>A path inside the repository.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>The dll of a project's build output in the same configuration as the tests.</summary>
    public static string Binary(string projectFolder, string assembly)
    {
        var dll = System.IO.Path.Combine(Path, projectFolder, "bin", Configuration, Framework, assembly + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{assembly} is not built (looked for {dll}).");
    }

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "WvsMesh.sln")))
            {
                return folder.FullName;
            }
        }
        throw new DirectoryNotFoundException($"no WvsMesh.sln above {AppContext.BaseDirectory}");
    }
}
