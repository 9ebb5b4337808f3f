using Xunit;

namespace WvsMesh.Deploy.Tests.Images;

/// <summary>
/// The container settings every host gets from services/Directory.Build.props, as the SDK computes them before a
/// publish: repository, tag, base image, port and environment. Issue 8.
/// </summary>
public sealed class Choosing_the_image_of_each_host
{
    private const string AspNet = "mcr.microsoft.com/dotnet/aspnet:10.0";

    public static TheoryData<string, string, string> Hosts => new()
    {
        { "services/Gateway/Gateway.Host", "wvsmesh/gateway", AspNet },
        { "services/Tokens/Tokens.Host", "wvsmesh/tokens", AspNet },
        { "services/Webhooks/Webhooks.Host", "wvsmesh/webhooks", AspNet },
        // Pipelines runs git; so does the all-in-one host, which runs the Pipelines module.
        { "services/Pipelines/Pipelines.Host", "wvsmesh/pipelines", "localhost:5000/wvsmesh/pipelines-base:10.0" },
        { "services/AllInOne", "wvsmesh/allinone", "localhost:5000/wvsmesh/pipelines-base:10.0" },
        { "services/Runner/Runner", "wvsmesh/runner", "localhost:5000/wvsmesh/runner-base:10.0" },
    };

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Host_becomes_its_wvsmesh_repository_tagged_dev_on_its_base(string project, string repository, string baseImage)
    {
        var settings = await ContainerProperties.ComputeAsync(project, [], TestContext.Current.CancellationToken);

        Assert.Equal(repository, settings.Property("ContainerRepository"));
        Assert.Equal(["dev"], settings.Items("ContainerImageTags"));
        Assert.Equal(baseImage, settings.Property("ContainerBaseImage"));
        Assert.Equal("1654", settings.Property("ContainerUser"));
        Assert.Contains("WVS_DATA_DIR=/var/lib/wvs", settings.Items("ContainerEnvironmentVariables"));
        Assert.Contains("MASSTRANSIT_USAGE_TELEMETRY=false", settings.Items("ContainerEnvironmentVariables"));
        // Only the web hosts listen; the runner is a console program.
        Assert.Equal(project.EndsWith("Runner", StringComparison.Ordinal) ? [] : ["8080"], settings.Items("ContainerPort"));
    }

    [Fact]
    public async Task Base_registry_and_base_image_are_set_by_property()
    {
        var ct = TestContext.Current.CancellationToken;

        var moved = await ContainerProperties.ComputeAsync("services/Pipelines/Pipelines.Host", ["-p:WvsBaseImageRegistry=registry.example.com"], ct);
        var replaced = await ContainerProperties.ComputeAsync("services/Pipelines/Pipelines.Host", ["-p:ContainerBaseImage=registry.example.com/other:1"], ct);

        Assert.Equal("registry.example.com/wvsmesh/pipelines-base:10.0", moved.Property("ContainerBaseImage"));
        Assert.Equal("registry.example.com/other:1", replaced.Property("ContainerBaseImage"));
    }

    [Fact]
    public async Task Given_tags_replace_dev()
    {
        var ct = TestContext.Current.CancellationToken;

        var one = await ContainerProperties.ComputeAsync("services/Gateway/Gateway.Host", ["-p:ContainerImageTag=1.4.0"], ct);
        var several = await ContainerProperties.ComputeAsync("services/Gateway/Gateway.Host", ["-p:ContainerImageTags=\"1.4.0;latest\""], ct);

        Assert.Equal(["1.4.0"], one.Items("ContainerImageTags"));
        Assert.Equal(["1.4.0", "latest"], several.Items("ContainerImageTags"));
    }

    [Fact]
    public async Task Module_libraries_get_no_image()
    {
        var settings = await ContainerProperties.ComputeAsync("services/Pipelines/Pipelines", [], TestContext.Current.CancellationToken);

        Assert.NotEqual("true", settings.Property("EnableSdkContainerSupport"));
        Assert.DoesNotContain("wvsmesh/", settings.Property("ContainerRepository"), StringComparison.Ordinal);
        Assert.Empty(settings.Items("ContainerEnvironmentVariables"));
    }
}
