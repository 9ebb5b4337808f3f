using System.Runtime.Versioning;
using WvsMesh.Runner.Jobs;
using Xunit;

namespace WvsMesh.Runner.Tests.Jobs;

/// <summary>Each job gets a fresh checkout folder and, beside it, a private folder for file variables; both go afterwards.</summary>
[UnsupportedOSPlatform("windows")] // The runner is a bash executor; file modes are what these tests check.
public sealed class Preparing_a_workspace : IDisposable
{
    private readonly string _builds = Path.Combine(Path.GetTempPath(), "wvs-runner-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_builds))
        {
            Directory.Delete(_builds, recursive: true);
        }
    }

    [Fact]
    public void Each_job_gets_a_fresh_folder_named_for_its_id()
    {
        var first = JobWorkspace.Create(_builds, 42);
        var second = JobWorkspace.Create(_builds, 42);

        Assert.Matches(@"^42-[0-9a-f]{8}$", Path.GetFileName(first.ProjectDir));
        Assert.NotEqual(first.ProjectDir, second.ProjectDir);
        Assert.Equal(_builds, Path.GetDirectoryName(first.ProjectDir));
        Assert.Empty(Directory.GetFileSystemEntries(first.ProjectDir));
    }

    [Fact]
    public void A_file_variable_is_private_to_the_runner_user_and_outside_the_checkout()
    {
        var workspace = JobWorkspace.Create(_builds, 42);

        var path = workspace.WriteVariableFile("TRIGGER_PAYLOAD", """{"ref":"main"}""");

        Assert.Equal("""{"ref":"main"}""", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(workspace.PrivateDir));
        Assert.False(path.StartsWith(workspace.ProjectDir + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        Assert.Equal("TRIGGER_PAYLOAD", Path.GetFileName(path));
    }

    [Fact]
    public void A_key_that_is_not_a_plain_name_cannot_leave_the_private_folder()
    {
        var workspace = JobWorkspace.Create(_builds, 42);

        var path = workspace.WriteVariableFile("../../escape", "x");

        Assert.StartsWith(workspace.PrivateDir + Path.DirectorySeparatorChar, Path.GetFullPath(path), StringComparison.Ordinal);
        Assert.DoesNotContain("..", Path.GetFileName(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Removing_deletes_both_folders_even_when_the_job_made_them_read_only()
    {
        var workspace = JobWorkspace.Create(_builds, 42);
        workspace.WriteVariableFile("TRIGGER_PAYLOAD", "x");
        var locked = Directory.CreateDirectory(Path.Combine(workspace.ProjectDir, "locked", "deeper"));
        File.WriteAllText(Path.Combine(locked.FullName, "file"), "x");
        File.SetUnixFileMode(locked.FullName, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        File.SetUnixFileMode(Path.Combine(workspace.ProjectDir, "locked"), UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var problems = workspace.Remove(keepProjectDir: false);

        Assert.Empty(problems);
        Assert.Empty(Directory.GetFileSystemEntries(_builds));
    }

    [Fact]
    public void Keeping_builds_keeps_the_checkout_but_never_the_file_variables()
    {
        var workspace = JobWorkspace.Create(_builds, 42);
        workspace.WriteVariableFile("TRIGGER_PAYLOAD", "x");

        workspace.Remove(keepProjectDir: true);

        Assert.True(Directory.Exists(workspace.ProjectDir));
        Assert.False(Directory.Exists(workspace.PrivateDir));
    }
}
