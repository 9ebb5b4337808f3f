using System.Text;

namespace WvsMesh.Runner.Jobs;

/// <summary>
/// The bash script for one step: stderr joined to stdout, <c>set -eo pipefail</c>, then each command echoed as
/// <c>$ command</c> (as GitLab Runner prints it) and run, in order. Only the commands go into the file — variables
/// reach the script through the environment, so their values are never written to disk here.
/// </summary>
internal static class StepScript
{
    public static string Build(IEnumerable<string> commands)
    {
        var script = new StringBuilder();
        script.Append("exec 2>&1\n");
        script.Append("set -eo pipefail\n");
        script.Append("set +o noclobber\n");
        foreach (var command in commands)
        {
            if (string.IsNullOrWhiteSpace(command))
            {
                continue;
            }
            script.Append("printf '%s\\n' ").Append(Quote("$ " + Echoed(command))).Append('\n');
            script.Append(command.TrimEnd()).Append('\n');
        }
        return script.ToString();
    }

    // GitLab Runner shows a multi-line command by its first line.
    private static string Echoed(string command)
    {
        var lines = command.Trim().Split('\n');
        return lines.Length == 1 ? lines[0].TrimEnd('\r') : lines[0].TrimEnd('\r') + " # collapsed multi-line command";
    }

    /// <summary>A bash single-quoted word: nothing inside is expanded; a quote is closed, escaped and reopened.</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
