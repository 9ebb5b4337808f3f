using System.Text.Json.Nodes;
using Xunit;

namespace WvsMesh.Deploy.Tests.Images;

/// <summary>
/// `dotnet publish &lt;host&gt; -t:PublishContainer` onto a base image from a registry in the test process, written as an
/// archive: the image the SDK builds, checked in its own files (index, manifest, config, layers). Issue 8.
/// </summary>
public sealed class Publishing_a_host_image(BaseImageRegistry images) : IClassFixture<BaseImageRegistry>
{
    [Fact]
    public async Task Gateway_image_runs_the_host_as_app_on_port_8080_with_the_wvs_environment()
    {
        var image = await images.PublishAsync(
            "services/Gateway/Gateway.Host", $"-p:ContainerBaseImage={images.BaseImage}", TestContext.Current.CancellationToken);
        var config = image.Config["config"]!;

        Assert.EndsWith("wvsmesh/gateway:dev", image.Name, StringComparison.Ordinal);
        Assert.Equal(["dotnet", "/app/WvsMesh.Gateway.Host.dll"], Command(config));
        Assert.Equal("/app/", config["WorkingDir"]?.GetValue<string>());
        Assert.Equal("1654", config["User"]?.GetValue<string>()); // app in the .NET images: not root, and numeric
        Assert.Equal(["8080/tcp"], config["ExposedPorts"]!.AsObject().Select(port => port.Key));
        var environment = Strings(config["Env"]);
        Assert.Contains("WVS_DATA_DIR=/var/lib/wvs", environment);
        Assert.Contains("MASSTRANSIT_USAGE_TELEMETRY=false", environment);
        Assert.Contains("ASPNETCORE_URLS=http://+:8080", environment);
        var labels = config["Labels"]!;
        Assert.Equal(BaseImageRegistry.RepositoryUrl, labels["org.opencontainers.image.source"]?.GetValue<string>());
        Assert.StartsWith("WvsMesh gateway:", labels["org.opencontainers.image.description"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("WvsMesh gateway", labels["org.opencontainers.image.title"]?.GetValue<string>());
        Assert.Equal(images.BaseImage, labels["org.opencontainers.image.base.name"]?.GetValue<string>());
        // The base's one layer, pulled from the registry, then the app's.
        Assert.Contains("GET /v2/base/manifests/1", images.Registry.Requests);
        Assert.Equal(2, image.LayerCount);
        Assert.Contains("etc/passwd", image.LayerFiles(0));
        Assert.Contains("app/WvsMesh.Gateway.Host.dll", image.LayerFiles(1));
    }

    [Fact]
    public async Task Pipelines_image_is_built_on_pipelines_base_from_the_base_registry()
    {
        var image = await images.PublishAsync(
            "services/Pipelines/Pipelines.Host", $"-p:WvsBaseImageRegistry={images.Registry.Host}", TestContext.Current.CancellationToken);
        var config = image.Config["config"]!;

        Assert.EndsWith("wvsmesh/pipelines:dev", image.Name, StringComparison.Ordinal);
        Assert.Contains("GET /v2/wvsmesh/pipelines-base/manifests/10.0", images.Registry.Requests);
        Assert.Equal($"{images.Registry.Host}/wvsmesh/pipelines-base:10.0", config["Labels"]!["org.opencontainers.image.base.name"]?.GetValue<string>());
        Assert.Equal(["dotnet", "/app/WvsMesh.Pipelines.Host.dll"], Command(config));
        Assert.Equal("1654", config["User"]?.GetValue<string>());
        Assert.Contains("app/WvsMesh.Pipelines.Host.dll", image.LayerFiles(image.LayerCount - 1));
    }

    /// <summary>What the container runs: Entrypoint, then Cmd.</summary>
    private static List<string> Command(JsonNode config) => [.. Strings(config["Entrypoint"]), .. Strings(config["Cmd"])];

    private static List<string> Strings(JsonNode? array) =>
        array?.AsArray().Select(item => item!.GetValue<string>()).ToList() ?? [];
}
