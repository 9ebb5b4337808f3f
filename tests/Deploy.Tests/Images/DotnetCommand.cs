using WvsMesh.Deploy.Tests.Manifests;
using WvsMesh.TestKit;

namespace WvsMesh.Deploy.Tests.Images;

/// <summary>Runs the <c>dotnet</c> CLI as a child process in the repository root, output kept for the failure message.</summary>
internal static class DotnetCommand
{
    public static Task<ToolResult> RunAsync(
        IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken ct)
    {
        var variables = new Dictionary<string, string?>
        {
            // No MSBuild node or build server may outlive the test process.
            ["DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER"] = "1",
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (key, value) in environment)
        {
            variables[key] = value;
        }
        return ExternalTool.RunAsync("dotnet", "Install the .NET SDK of global.json.", arguments, RepositoryRoot.Path, variables, timeout, ct);
    }
}
