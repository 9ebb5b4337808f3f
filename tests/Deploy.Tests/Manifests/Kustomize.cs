using WvsMesh.TestKit;

namespace WvsMesh.Deploy.Tests.Manifests;

/// <summary>Renders a kustomization with <c>kubectl kustomize</c> (kubectl's built-in kustomize, no cluster needed).</summary>
internal static class Kustomize
{
    /// <summary>kubectl from PATH, or the one WVS_TEST_KUBECTL names (to try another version, e.g. Debian's kubectl 1.20).</summary>
    public static string Kubectl => Environment.GetEnvironmentVariable("WVS_TEST_KUBECTL") is { Length: > 0 } kubectl ? kubectl : "kubectl";

    private const string InstallHint =
        "Install kubectl (Debian: apt-get install kubernetes-client); ./test.sh does so through scripts/test-tools.sh.";

    private static readonly Lazy<Task<ManifestValidation>> Base = new(() => RenderAndValidateAsync(BaseFolder));

    /// <summary>deploy/k8s of this repository.</summary>
    public static string BaseFolder => RepositoryRoot.Combine("deploy", "k8s");

    /// <summary>deploy/k8s rendered and validated once per test run.</summary>
    public static Task<ManifestValidation> RenderedBaseAsync() => Base.Value;

    public static async Task<string> RenderAsync(string folder)
    {
        string[] arguments = ["kustomize", folder];
        var result = await ExternalTool.RunAsync(Kubectl, InstallHint, arguments, folder);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(result.Describe(ExternalTool.CommandLine(Kubectl, arguments)));
        }
        return result.Output;
    }

    public static async Task<ManifestValidation> RenderAndValidateAsync(string folder) =>
        ManifestValidator.Validate(await RenderAsync(folder));
}
