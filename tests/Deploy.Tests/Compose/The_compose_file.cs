using System.Text.Json.Nodes;
using WvsMesh.Deploy.Tests.Manifests;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.Deploy.Tests.Compose;

/// <summary>
/// docker-compose.yml: valid for docker-compose 1.29; the hosts checked on /readyz, configured from the env file, started
/// after what they need is healthy; nothing published but the gateway and two UIs, on 127.0.0.1.
/// </summary>
public sealed class The_compose_file
{
    private const string EnvFile = "${WVS_ENV_FILE:-deploy/compose/wvs.env.example}";
    private const string RunnerEnvFile = "${WVS_RUNNER_ENV_FILE:-deploy/compose/runner.env.example}";

    private static readonly string[] Secrets =
    [
        "WVS_IDENTITY_KEY", "WVS_ENCRYPTION_KEY", "WVS_ROOT_TOKEN", "RabbitMq__Host",
        "ConnectionStrings__tokens", "ConnectionStrings__pipelines", "ConnectionStrings__webhooks",
        "POSTGRES_PASSWORD", "RABBITMQ_DEFAULT_PASS",
    ];

    // What the runner is told: where the gateway is, how many jobs at once, where to build. Its token comes from its own file.
    private static readonly string[] RunnerSettings = ["WVS_RUNNER_BUILDS_DIR", "WVS_RUNNER_CONCURRENCY", "WVS_RUNNER_URL"];

    private static readonly string[] HostImages = ["gateway", "pipelines", "pipelines", "runner", "tokens", "webhooks"];
    private static readonly string[] MigratingHosts = ["tokens", "pipelines-1", "webhooks"];
    private static readonly string[] Stores = ["postgres", "rabbitmq"];

    [Fact]
    public async Task Passes_docker_compose_config()
    {
        var result = await DockerCompose.ConfigAsync(RepositoryRoot.Path);

        Assert.True(result.ExitCode == 0, result.Describe("docker-compose -f docker-compose.yml config -q"));
    }

    [Fact]
    public async Task A_copy_with_a_misspelled_key_fails_docker_compose_config()
    {
        var copy = Directory.CreateTempSubdirectory("wvs-compose-");
        try
        {
            Directory.CreateDirectory(Path.Combine(copy.FullName, DockerCompose.Folder));
            foreach (var file in Directory.EnumerateFiles(RepositoryRoot.Combine(DockerCompose.Folder)))
            {
                File.Copy(file, Path.Combine(copy.FullName, DockerCompose.Folder, Path.GetFileName(file)));
            }
            var compose = Path.Combine(copy.FullName, DockerCompose.File);
            File.Copy(RepositoryRoot.Combine(DockerCompose.File), compose);
            var unchanged = await DockerCompose.ConfigAsync(copy.FullName);
            Assert.True(unchanged.ExitCode == 0, "the unchanged copy: " + unchanged.Describe("docker-compose config -q"));

            var text = await File.ReadAllTextAsync(compose, TestContext.Current.CancellationToken);
            const string Postgres = "    healthcheck:\n      # TCP, not the socket";
            Assert.Contains(Postgres, text, StringComparison.Ordinal);
            await File.WriteAllTextAsync(compose, text.Replace(Postgres, "    healthchek:\n      # TCP, not the socket", StringComparison.Ordinal), TestContext.Current.CancellationToken);
            var broken = await DockerCompose.ConfigAsync(copy.FullName);

            Assert.NotEqual(0, broken.ExitCode);
            Assert.Contains("healthchek", broken.Error, StringComparison.Ordinal);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Runs_every_host_image_with_the_tag_variable_and_pipelines_twice()
    {
        var compose = await DockerCompose.ReadAsync();

        var images = DockerCompose.Hosts(compose).Select(h => DockerCompose.Image(h.Service)).Order();

        Assert.Equal(
            HostImages.Select(name => $"wvsmesh/{name}:${{WVS_IMAGE_TAG:-dev}}"),
            images);
    }

    [Fact]
    public async Task Every_http_host_checks_readyz_without_curl()
    {
        var compose = await DockerCompose.ReadAsync();

        Expect.None(
            from host in DockerCompose.HttpHosts(compose)
            let test = DockerCompose.Strings(host.Service["healthcheck"]?["test"])
            let command = string.Join(' ', test)
            where test.Count < 2 || test[0] != "CMD" || !command.Contains("/dev/tcp/127.0.0.1/8080", StringComparison.Ordinal)
                || !command.Contains("GET /readyz ", StringComparison.Ordinal) || command.Contains("curl", StringComparison.Ordinal)
            select $"{host.Name}: health check '{command}' is not a GET /readyz on port 8080 without curl");
    }

    [Fact]
    public async Task Every_http_host_reads_the_env_file_and_the_example_exists()
    {
        var compose = await DockerCompose.ReadAsync();

        Expect.None(DockerCompose.HttpHosts(compose)
            .Where(h => !DockerCompose.Strings(h.Service["env_file"]).Contains(EnvFile))
            .Select(h => $"{h.Name}: env_file does not name {EnvFile}"));
        Assert.True(File.Exists(RepositoryRoot.Combine("deploy", "compose", "wvs.env.example")));
    }

    [Fact]
    public async Task Secrets_come_only_from_the_env_file_whose_example_holds_placeholders()
    {
        var compose = await DockerCompose.ReadAsync();
        var example = await ReadEnvFileAsync("wvs.env.example");

        Expect.None(
            from service in DockerCompose.Services(compose)
            from name in DockerCompose.EnvironmentNames(service.Service).Intersect(Secrets)
            select $"{service.Name}: {name} is set in docker-compose.yml, not in the env file");
        Expect.None(Secrets.Where(name => !example.ContainsKey(name)).Select(name => $"wvs.env.example does not define {name}"));
        Expect.None(example
            .Where(pair => Secrets.Contains(pair.Key) && !Placeholder(pair.Value))
            .Select(pair => $"wvs.env.example: {pair.Key} is not an obvious placeholder (change-me…)"));
    }

    [Fact]
    public async Task The_runner_is_given_its_settings_and_its_token_only() // #13
    {
        var compose = await DockerCompose.ReadAsync();
        var runner = DockerCompose.Services(compose).Single(s => s.Name == "runner").Service;
        var example = await ReadEnvFileAsync("runner.env.example");

        Assert.Equal([RunnerEnvFile], DockerCompose.Strings(runner["env_file"]));
        Assert.Equal(RunnerSettings, DockerCompose.EnvironmentNames(runner).Order());
        Assert.Equal(["WVS_RUNNER_TOKEN"], example.Keys);
        Assert.True(Placeholder(example["WVS_RUNNER_TOKEN"]), "runner.env.example: WVS_RUNNER_TOKEN is not an obvious placeholder");
        Assert.DoesNotContain("WVS_RUNNER_TOKEN", (await ReadEnvFileAsync("wvs.env.example")).Keys);
    }

    [Fact]
    public async Task The_runner_shares_its_networks_with_the_gateway_only() // #13
    {
        var compose = await DockerCompose.ReadAsync();
        var networks = DockerCompose.Services(compose).ToDictionary(s => s.Name, s => Networks(s.Service));

        var neighbours = networks
            .Where(service => service.Key != "runner" && service.Value.Intersect(networks["runner"]).Any())
            .Select(service => service.Key);

        Assert.Equal(["gateway"], neighbours);
        Assert.Null(compose["networks"]?[networks["runner"].Single()]?["internal"]); // jobs fetch repositories from outside
    }

    [Fact]
    public async Task Only_the_gateway_the_two_uis_and_the_metrics_are_published_on_loopback()
    {
        var compose = await DockerCompose.ReadAsync();

        var published = DockerCompose.Services(compose)
            .SelectMany(s => DockerCompose.Strings(s.Service["ports"]).Select(port => $"{s.Name} {port}"))
            .Order();

        Assert.Equal(["gateway 127.0.0.1:8080:8080", "jaeger 127.0.0.1:16686:16686", "otel-collector 127.0.0.1:8889:8889", "rabbitmq 127.0.0.1:15672:15672"], published);
        Assert.DoesNotContain(DockerCompose.Services(compose), s => s.Service["network_mode"] is not null);
    }

    [Fact]
    public async Task Hosts_start_once_what_they_depend_on_is_healthy()
    {
        var compose = await DockerCompose.ReadAsync();
        var services = DockerCompose.Services(compose).ToDictionary(s => s.Name, s => s.Service);

        Expect.None(
            from host in DockerCompose.Hosts(compose)
            from dependency in host.Service["depends_on"] as JsonObject ?? []
            let condition = dependency.Value?["condition"]?.ToString()
            let checkedByHealth = services.GetValueOrDefault(dependency.Key)?["healthcheck"] is not null
            where condition != (checkedByHealth ? "service_healthy" : "service_started")
            select $"{host.Name} depends on {dependency.Key} with condition '{condition}'");
        Expect.None(
            from name in MigratingHosts
            from store in Stores
            where services[name]["depends_on"]?[store]?["condition"]?.ToString() != "service_healthy"
            select $"{name} does not wait for {store} to be healthy");
        Expect.None(DockerCompose.Hosts(compose)
            .Where(h => h.Service["depends_on"] is not JsonObject { Count: > 0 })
            .Select(h => $"{h.Name} has no depends_on with conditions"));
    }

    /// <summary>A service's networks: those it names, else the composition's default network.</summary>
    private static IReadOnlyList<string> Networks(JsonObject service) => service["networks"] switch
    {
        JsonObject map => [.. map.Select(pair => pair.Key)],
        JsonArray list => DockerCompose.Strings(list),
        _ => ["default"],
    };

    private static async Task<Dictionary<string, string>> ReadEnvFileAsync(string name) =>
        (await File.ReadAllLinesAsync(RepositoryRoot.Combine("deploy", "compose", name), TestContext.Current.CancellationToken))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : "");

    private static bool Placeholder(string value)
    {
        if (value.Contains("change-me", StringComparison.Ordinal))
        {
            return true;
        }
        // Keys are base64: the placeholder decodes to change-me text.
        var bytes = new byte[value.Length];
        return Convert.TryFromBase64String(value, bytes, out var length)
            && System.Text.Encoding.UTF8.GetString(bytes, 0, length).StartsWith("change-me", StringComparison.Ordinal);
    }
}
