using System.Text.RegularExpressions;
using k8s.Models;
using Xunit;

namespace WvsMesh.Deploy.Tests.Manifests;

/// <summary>
/// Settings reach the hosts from ConfigMaps of the base and from Secrets the operator creates (documented in
/// deploy/k8s/README.md) or the database and broker operators generate; no secret value is committed.
/// </summary>
public sealed partial class Configuration_in_the_base
{
    private static readonly string[] EveryHttpHostReads =
        ["ASPNETCORE_URLS", "WVS_DATA_DIR", "WVS_EXTERNAL_URL", "WVS_IDENTITY_KEY", "RabbitMq__Host", "RabbitMq__QuorumQueues", "MASSTRANSIT_USAGE_TELEMETRY"];

    [Fact]
    public async Task Every_referenced_config_map_and_key_is_in_the_base()
    {
        var rendered = await Kustomize.RenderedBaseAsync();
        var configMaps = rendered.All<V1ConfigMap>().ToDictionary(c => c.Metadata.Name);

        Expect.None(
            from reference in References(rendered).Where(r => r.Kind == "ConfigMap")
            where !configMaps.TryGetValue(reference.Name, out var map) || (reference.Key is { } key && map.Data?.ContainsKey(key) is not true)
            select $"{reference.Where}: ConfigMap {reference.Name}{(reference.Key is null ? "" : $" key {reference.Key}")} is not in the base");
    }

    [Fact]
    public async Task Every_referenced_secret_and_key_is_documented_in_the_readme()
    {
        var rendered = await Kustomize.RenderedBaseAsync();
        var readme = await File.ReadAllLinesAsync(Path.Combine(Kustomize.BaseFolder, "README.md"), TestContext.Current.CancellationToken);

        // A table row (or line) of the README names the Secret and the key, both as `code`.
        Expect.None(
            from reference in References(rendered).Where(r => r.Kind == "Secret")
            where !readme.Any(line => line.Contains($"`{reference.Name}`", StringComparison.Ordinal)
                && (reference.Key is null || line.Contains($"`{reference.Key}`", StringComparison.Ordinal)))
            select $"{reference.Where}: Secret {reference.Name}{(reference.Key is null ? "" : $" key {reference.Key}")} is not documented in deploy/k8s/README.md");
    }

    [Fact]
    public async Task Secrets_of_the_operators_belong_to_clusters_of_the_base()
    {
        var rendered = await Kustomize.RenderedBaseAsync();
        var generated = rendered.All<CnpgCluster>().Select(c => $"{c.Metadata?.Name}-app")
            .Concat(rendered.All<RabbitmqCluster>().Select(c => $"{c.Metadata?.Name}-default-user"))
            .ToHashSet();

        Expect.None(References(rendered)
            .Where(r => r.Kind == "Secret" && (r.Name.EndsWith("-app", StringComparison.Ordinal) || r.Name.EndsWith("-default-user", StringComparison.Ordinal)))
            .Where(r => !generated.Contains(r.Name))
            .Select(r => $"{r.Where}: Secret {r.Name} would come from an operator, but no Cluster/RabbitmqCluster of the base creates it"));
    }

    [Fact]
    public async Task No_secret_with_values_is_committed()
    {
        var rendered = await Kustomize.RenderedBaseAsync();

        Expect.None(rendered.All<V1Secret>()
            .Where(s => s.Data is { Count: > 0 } || s.StringData is { Count: > 0 })
            .Select(s => $"Secret/{s.Metadata.Name} carries data or stringData"));
    }

    [Fact]
    public async Task Variables_refer_only_to_variables_defined_before_them()
    {
        var rendered = await Kustomize.RenderedBaseAsync();
        var configMaps = rendered.All<V1ConfigMap>().ToDictionary(c => c.Metadata.Name);

        // Kubernetes expands $(NAME) from envFrom and earlier env entries only; anything else stays "$(NAME)" verbatim.
        Expect.None(
            from deployment in rendered.All<V1Deployment>()
            from container in deployment.Containers()
            let fromConfigMaps = (container.EnvFrom ?? []).SelectMany(e => configMaps.GetValueOrDefault(e.ConfigMapRef?.Name ?? "")?.Data?.Keys ?? [])
            from problem in UndefinedReferences(container.Env ?? [], [.. fromConfigMaps])
            select $"Deployment/{deployment.Name()} container {container.Name}: {problem}");
    }

    [Fact]
    public async Task Every_http_host_gets_the_shared_settings_and_the_same_identity_key()
    {
        var rendered = await Kustomize.RenderedBaseAsync();
        var configMaps = rendered.All<V1ConfigMap>().ToDictionary(c => c.Metadata.Name);
        var hosts = rendered.All<V1Deployment>().Where(d => d.IsHttpHost()).ToList();

        Expect.None(
            from host in hosts
            from container in host.Containers()
            let names = (container.Env ?? []).Select(e => e.Name)
                .Concat((container.EnvFrom ?? []).SelectMany(e => configMaps.GetValueOrDefault(e.ConfigMapRef?.Name ?? "")?.Data?.Keys ?? []))
                .ToHashSet()
            from missing in EveryHttpHostReads.Where(name => !names.Contains(name))
            select $"Deployment/{host.Name()}: {missing} is not set");
        var identityKeys = hosts.SelectMany(h => h.Containers())
            .Select(c => c.Env("WVS_IDENTITY_KEY")?.ValueFrom?.SecretKeyRef is { } secret ? $"{secret.Name}/{secret.Key}" : "(not from a Secret)")
            .Distinct();
        Assert.Single(identityKeys);
    }

    private static readonly string[] ServicesThatEncrypt = ["tokens", "pipelines", "webhooks"];

    [Fact]
    public async Task Every_service_that_encrypts_gets_the_one_encryption_key_from_the_secret()
    {
        var rendered = await Kustomize.RenderedBaseAsync();

        // #13: Pipelines encrypts CI/CD variables; without the shared key each replica made its own and could not read the
        // values another had written.
        var keys = ServicesThatEncrypt
            .Select(service => rendered.All<V1Deployment>().Single(d => d.Name() == service).Containers()[0].Env("WVS_ENCRYPTION_KEY"))
            .Select(env => env?.ValueFrom?.SecretKeyRef is { } secret ? $"{secret.Name}/{secret.Key}" : "(not from a Secret)")
            .ToList();

        Assert.All(keys, key => Assert.Equal("wvsmesh-keys/encryption-key", key));
        Assert.Equal(ServicesThatEncrypt.Length, keys.Count);
    }

    [Theory]
    [InlineData("tokens", "wvs_tokens")]
    [InlineData("pipelines", "wvs_pipelines")]
    [InlineData("webhooks", "wvs_webhooks")]
    public async Task A_service_connects_to_its_own_database(string service, string database)
    {
        var deployment = (await Kustomize.RenderedBaseAsync()).All<V1Deployment>().Single(d => d.Name() == service);

        var connectionString = deployment.Containers()[0].Env($"ConnectionStrings__{service}")?.Value;

        Assert.NotNull(connectionString);
        Assert.Contains($"Database={database}", connectionString, StringComparison.Ordinal);
        Assert.Contains("Password=$(PGPASSWORD)", connectionString, StringComparison.Ordinal);
    }

    private sealed record Reference(string Where, string Kind, string Name, string? Key);

    private static IEnumerable<Reference> References(ManifestValidation rendered)
    {
        foreach (var deployment in rendered.All<V1Deployment>())
        {
            var pod = deployment.Spec.Template.Spec;
            var where = $"Deployment/{deployment.Name()}";
            foreach (var container in pod.Containers.Concat(pod.InitContainers ?? []))
            {
                foreach (var source in container.EnvFrom ?? [])
                {
                    if (source.ConfigMapRef is { } map)
                    {
                        yield return new(where, "ConfigMap", map.Name, null);
                    }
                    if (source.SecretRef is { } secret)
                    {
                        yield return new(where, "Secret", secret.Name, null);
                    }
                }
                foreach (var variable in container.Env ?? [])
                {
                    if (variable.ValueFrom?.ConfigMapKeyRef is { } map)
                    {
                        yield return new(where, "ConfigMap", map.Name, map.Key);
                    }
                    if (variable.ValueFrom?.SecretKeyRef is { } secret)
                    {
                        yield return new(where, "Secret", secret.Name, secret.Key);
                    }
                }
            }
            foreach (var volume in pod.Volumes ?? [])
            {
                if (volume.ConfigMap is { } map)
                {
                    yield return new(where, "ConfigMap", map.Name, null);
                }
                if (volume.Secret is { } secret)
                {
                    yield return new(where, "Secret", secret.SecretName, null);
                }
            }
        }
    }

    private static IEnumerable<string> UndefinedReferences(IList<V1EnvVar> env, HashSet<string> defined)
    {
        foreach (var variable in env)
        {
            foreach (Match reference in VariableReference().Matches(variable.Value ?? ""))
            {
                if (!defined.Contains(reference.Groups[1].Value))
                {
                    yield return $"{variable.Name} uses $({reference.Groups[1].Value}), which is not defined before it";
                }
            }
            defined.Add(variable.Name);
        }
    }

    // $(NAME), not the escaped $$(NAME).
    [GeneratedRegex(@"(?<!\$)\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)")]
    private static partial Regex VariableReference();
}
