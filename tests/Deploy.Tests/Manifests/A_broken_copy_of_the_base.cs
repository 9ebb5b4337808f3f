using Xunit;

namespace WvsMesh.Deploy.Tests.Manifests;

/// <summary>
/// The validator's failures, shown on a copy of deploy/k8s with one mistake each: a misspelled field, a value of the
/// wrong type, an unknown kind, a misspelled operator field. Each is named with its object and path.
/// </summary>
public sealed class A_broken_copy_of_the_base
{
    [Fact]
    public async Task An_unchanged_copy_is_valid()
    {
        var errors = await ValidateCopyAsync(null, "", "");

        Expect.None(errors);
    }

    [Fact]
    public async Task A_misspelled_field_is_named_with_its_path()
    {
        var errors = await ValidateCopyAsync("gateway/deployment.yaml", "readinessProbe:", "readinesProbe:");

        Assert.Contains("Deployment/gateway: spec.template.spec.containers[0].readinesProbe is not a field", errors);
    }

    [Fact]
    public async Task A_misspelled_nested_field_is_named_with_its_path()
    {
        var errors = await ValidateCopyAsync("tokens/deployment.yaml", "            httpGet:\n              path: /readyz", "            httpGett:\n              path: /readyz");

        Assert.Contains("Deployment/tokens: spec.template.spec.containers[0].readinessProbe.httpGett is not a field", errors);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_named_with_its_path()
    {
        var errors = await ValidateCopyAsync("pipelines/deployment.yaml", "replicas: 2", "replicas: two");

        var error = Assert.Single(errors);
        Assert.StartsWith("Deployment/pipelines: spec.replicas: \"two\" does not have the field's type", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_number_where_the_api_wants_a_string_is_named()
    {
        var errors = await ValidateCopyAsync("runner/configmap.yaml", "WVS_RUNNER_CONCURRENCY: \"2\"", "WVS_RUNNER_CONCURRENCY: 2");

        var error = Assert.Single(errors);
        Assert.StartsWith("ConfigMap/wvsmesh-runner: data.WVS_RUNNER_CONCURRENCY: 2 does not have the field's type", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_kind_is_rejected()
    {
        var errors = await ValidateCopyAsync("runner/deployment.yaml", "kind: Deployment", "kind: Deploymnet");

        Assert.Contains(errors, e => e.StartsWith("Deploymnet/runner: apps/v1 Deploymnet is not a known kind", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_misspelled_field_of_an_operator_resource_is_named()
    {
        var errors = await ValidateCopyAsync("infra/postgres.yaml", "instances: 3", "instance: 3");

        Assert.Equal(["Cluster/wvsmesh-pg: spec.instance is not a field"], errors);
    }

    /// <summary>Copies deploy/k8s to a temporary folder, replaces <paramref name="find"/> once in <paramref name="file"/>, renders and validates.</summary>
    private static async Task<IReadOnlyList<string>> ValidateCopyAsync(string? file, string find, string replacement)
    {
        var copy = Directory.CreateTempSubdirectory("wvs-k8s-");
        try
        {
            CopyFolder(Kustomize.BaseFolder, copy.FullName);
            if (file is not null)
            {
                var path = Path.Combine(copy.FullName, file);
                var text = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
                var at = text.IndexOf(find, StringComparison.Ordinal);
                Assert.True(at >= 0 && text.IndexOf(find, at + 1, StringComparison.Ordinal) < 0, $"'{find}' is not in {file} exactly once");
                await File.WriteAllTextAsync(path, string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + find.Length)), TestContext.Current.CancellationToken);
            }
            return (await Kustomize.RenderAndValidateAsync(copy.FullName)).Errors;
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var folder in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, folder)));
        }
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }
}
