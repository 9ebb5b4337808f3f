using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.Deploy.Tests.Images;

/// <summary>
/// The in-process registry holding the synthetic base image, as <c>base:1</c> and as <c>wvsmesh/pipelines-base:10.0</c>, and
/// `dotnet publish -t:PublishContainer` of a host onto it into an archive: the SDK's real container build, offline, with no
/// Docker engine.
/// </summary>
/// <remarks>
/// The SDK speaks HTTPS to a registry unless it is <c>localhost</c> or listed in DOTNET_CONTAINER_INSECURE_REGISTRIES
/// (Microsoft.NET.Build.Containers RegistrySettings); then it tries HTTPS and falls back to HTTP when the TLS handshake
/// fails. 127.0.0.1 rather than localhost, listed in the variable: one address family, no IPv6 lookup.
/// The hosts are published with <c>--no-build</c> from the build the test command made (dotnet build WvsMesh.sln), into a
/// folder of their own, so no build output another test uses is rewritten.
/// </remarks>
public sealed class BaseImageRegistry : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("wvs-images-").FullName;

    public BaseImageRegistry()
    {
        Registry = OciTestRegistry.Start();
        SyntheticBaseImage.Push(Registry, "base", "1");
        SyntheticBaseImage.Push(Registry, "wvsmesh/pipelines-base", "10.0");
    }

    internal OciTestRegistry Registry { get; }

    public string BaseImage => $"{Registry.Host}/base:1";

    /// <summary>A repository URL for the source label; the checkout may have no remote.</summary>
    public const string RepositoryUrl = "https://example.invalid/wvsmesh/wvsmesh";

    /// <summary>Publishes <paramref name="project"/>, its base chosen by <paramref name="baseProperty"/> (a -p: argument).</summary>
    internal async Task<ImageArchive> PublishAsync(string project, string baseProperty, CancellationToken ct)
    {
        // Throws unless the host is built (dotnet build WvsMesh.sln in the tests' configuration).
        RepositoryRoot.Binary(project, "WvsMesh." + Path.GetFileName(project));
        var output = Directory.CreateDirectory(Path.Combine(_work, Path.GetFileName(project))).FullName;
        var archives = Path.Combine(output, "archive") + "/";
        string[] arguments =
        [
            "publish", project, "-c", RepositoryRoot.Configuration, "--no-build", "-nodeReuse:false", "-t:PublishContainer",
            "-o", Path.Combine(output, "publish"),
            baseProperty,
            $"-p:ContainerArchiveOutputPath={archives}",
            $"-p:RepositoryUrl={RepositoryUrl}.git",
        ];
        var environment = new Dictionary<string, string> { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = Registry.Host };
        var result = await DotnetCommand.RunAsync(arguments, environment, TimeSpan.FromMinutes(3), ct);
        Assert.True(result.ExitCode == 0, result.Describe($"dotnet {string.Join(' ', arguments)}"));
        var archive = Assert.Single(Directory.GetFiles(archives, "*.tar.gz", SearchOption.AllDirectories));
        return ImageArchive.Read(archive);
    }

    public void Dispose()
    {
        Registry.Dispose();
        Directory.Delete(_work, recursive: true);
    }
}
