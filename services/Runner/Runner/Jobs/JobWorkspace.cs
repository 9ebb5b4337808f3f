using System.Security.Cryptography;
using System.Text;

namespace WvsMesh.Runner.Jobs;

/// <summary>
/// A job's folders: the checkout <c>&lt;builds&gt;/&lt;job id&gt;-&lt;random&gt;</c> and, beside it (never inside the
/// checkout, where the job's own commands could commit or archive it), a private folder for file variables and scripts.
/// </summary>
internal sealed class JobWorkspace
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private JobWorkspace(string buildsDir, string projectDir)
    {
        BuildsDir = buildsDir;
        ProjectDir = projectDir;
        PrivateDir = projectDir + ".tmp";
    }

    public string BuildsDir { get; }

    /// <summary>The checkout and the scripts' working folder (<c>CI_PROJECT_DIR</c>).</summary>
    public string ProjectDir { get; }

    /// <summary>Mode 0700: file variables and generated scripts.</summary>
    public string PrivateDir { get; }

    public static JobWorkspace Create(string buildsDir, long jobId)
    {
        Directory.CreateDirectory(buildsDir);
        var name = $"{jobId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        var workspace = new JobWorkspace(buildsDir, Path.Combine(buildsDir, name));
        Directory.CreateDirectory(workspace.ProjectDir);
        CreatePrivateDirectory(workspace.PrivateDir);
        return workspace;
    }

    /// <summary>Writes a file variable's value (mode 0600) and returns the path the variable is exported as.</summary>
    public string WriteVariableFile(string key, string value) =>
        WritePrivate(Path.Combine("variables", SafeName(key)), value, UnixFileMode.UserRead | UnixFileMode.UserWrite);

    /// <summary>Writes a generated script (mode 0700) and returns its path.</summary>
    public string WriteScript(string name, string content) => WritePrivate(name + ".sh", content, OwnerOnly);

    /// <summary>Deletes the private folder, and the checkout unless <paramref name="keepProjectDir"/>; a failure is reported, not thrown.</summary>
    public IReadOnlyList<string> Remove(bool keepProjectDir)
    {
        var problems = new List<string>();
        TryDelete(PrivateDir, problems);
        if (!keepProjectDir)
        {
            TryDelete(ProjectDir, problems);
        }
        return problems;
    }

    private string WritePrivate(string relativePath, string content, UnixFileMode mode)
    {
        var path = Path.Combine(PrivateDir, relativePath);
        if (Path.GetDirectoryName(path) is { } folder && folder != PrivateDir)
        {
            CreatePrivateDirectory(folder);
        }
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }
        using var stream = new FileStream(path, options);
        stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(content));
        return path;
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnly);
        }
    }

    // GitLab names the file after the variable; keys are usually [A-Za-z0-9_], anything else gets a digest so no key can climb out of the folder.
    private static string SafeName(string key) =>
        key.Length is > 0 and <= 128 && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? key
            : "var-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];

    private static void TryDelete(string path, List<string> problems)
    {
        if (!Directory.Exists(path))
        {
            return;
        }
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A job may leave folders without write permission (chmod -w); give them back and try once more.
            try
            {
                MakeWritable(path);
                Directory.Delete(path, recursive: true);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
                problems.Add($"could not remove {path}: {again.GetType().Name}");
            }
        }
    }

    private static void MakeWritable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        // Parent first: a folder's children can only be listed once it is readable again.
        File.SetUnixFileMode(path, OwnerOnly);
        foreach (var folder in Directory.EnumerateDirectories(path, "*", new EnumerationOptions { AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            MakeWritable(folder);
        }
    }
}
