using System.Text.Json.Nodes;
using Xunit;

namespace WvsMesh.Deploy.Tests.Images;

/// <summary>
/// A host's container settings as the SDK computes them (<c>dotnet msbuild -t:ComputeContainerConfig -getProperty …</c>):
/// what `dotnet publish -t:PublishContainer` would use, without building or pulling anything.
/// </summary>
internal sealed class ContainerProperties
{
    private readonly JsonNode _result;

    private ContainerProperties(JsonNode result) => _result = result;

    public static async Task<ContainerProperties> ComputeAsync(string project, IEnumerable<string> extraArguments, CancellationToken ct)
    {
        string[] arguments =
        [
            "msbuild", project, "-nologo", "-nodeReuse:false", "-p:Configuration=Release", "-t:ComputeContainerConfig",
            "-getProperty:ContainerRepository", "-getProperty:ContainerBaseImage", "-getProperty:ContainerUser",
            "-getProperty:EnableSdkContainerSupport", "-getItem:ContainerImageTags", "-getItem:ContainerEnvironmentVariables",
            "-getItem:ContainerPort", .. extraArguments,
        ];
        var result = await DotnetCommand.RunAsync(arguments, new Dictionary<string, string>(), TimeSpan.FromMinutes(1), ct);
        Assert.True(result.ExitCode == 0, result.Describe($"dotnet {string.Join(' ', arguments)}"));
        var output = result.Output;
        return new ContainerProperties(JsonNode.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..])!);
    }

    public string Property(string name) => _result["Properties"]![name]!.GetValue<string>();

    /// <summary>Item identities, with <c>Value</c> metadata appended as <c>=value</c> where it has one.</summary>
    public IReadOnlyList<string> Items(string name) =>
        (_result["Items"]![name]?.AsArray() ?? []).Select(item => item!["Identity"]!.GetValue<string>()
            + (item["Value"] is { } value ? "=" + value.GetValue<string>() : "")).ToList();
}
