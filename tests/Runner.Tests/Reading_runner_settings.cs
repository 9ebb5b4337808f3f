using Xunit;

namespace WvsMesh.Runner.Tests;

/// <summary>Settings come from WVS_RUNNER_* variables and --arguments; arguments win; values are never echoed back.</summary>
public sealed class Reading_runner_settings
{
    private const string Token = "glrt-abc123";

    [Fact]
    public void Environment_variables_configure_the_runner()
    {
        var settings = Parse([], new()
        {
            ["WVS_RUNNER_URL"] = "http://127.0.0.1:8080/",
            ["WVS_RUNNER_TOKEN"] = Token,
            ["WVS_RUNNER_CONCURRENCY"] = "4",
            ["WVS_RUNNER_BUILDS_DIR"] = "/srv/builds",
            ["WVS_RUNNER_KEEP_BUILDS"] = "true",
        });

        Assert.Equal(new Uri("http://127.0.0.1:8080/"), settings.Url);
        Assert.Equal(Token, settings.Token);
        Assert.Equal(4, settings.Concurrency);
        Assert.Equal("/srv/builds", settings.BuildsDir);
        Assert.True(settings.KeepBuilds);
    }

    [Fact]
    public void Arguments_win_over_environment_variables()
    {
        var settings = Parse(
            ["--url", "https://ci.example/", "--token=from-args", "--concurrency", "3", "--builds-dir", "/tmp/b"],
            new() { ["WVS_RUNNER_URL"] = "http://env.example/", ["WVS_RUNNER_TOKEN"] = "from-env", ["WVS_RUNNER_CONCURRENCY"] = "9" });

        Assert.Equal(new Uri("https://ci.example/"), settings.Url);
        Assert.Equal("from-args", settings.Token);
        Assert.Equal(3, settings.Concurrency);
        Assert.Equal("/tmp/b", settings.BuildsDir);
    }

    [Fact]
    public void Unset_settings_take_their_defaults()
    {
        var settings = Parse(["--url", "http://localhost:5000", "--token", Token], []);

        Assert.Equal(2, settings.Concurrency);
        Assert.Equal(Path.Combine(Path.GetTempPath(), "wvs-runner-builds"), settings.BuildsDir);
        Assert.False(settings.KeepBuilds);
    }

    public static TheoryData<string[], string> Refusals => new()
    {
        { [], "--url" },
        { ["--token", Token], "--url" },
        { ["--url", "ftp://example/", "--token", Token], "--url" },
        { ["--url", "not a url", "--token", Token], "--url" },
        { ["--url", "http://localhost"], "--token" },
        { ["--url", "http://localhost", "--token"], "--token needs a value" },
        { ["--url", "http://localhost", "--token", Token, "--concurrency", "0"], "concurrency" },
        { ["--url", "http://localhost", "--token", Token, "--concurrency", "two"], "concurrency" },
        { ["--url", "http://localhost", "--token", Token, "--tokn", "x"], "unknown argument '--tokn'" },
        { ["--url", "http://localhost", Token], "unknown argument '(positional)'" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Incomplete_settings_are_refused_with_a_reason_that_holds_no_secret(string[] args, string reason)
    {
        Assert.False(RunnerSettings.TryParse(args, new Dictionary<string, string>(), out var settings, out var problem));

        Assert.Null(settings);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_url_the_runner_exits_2_with_one_usage_line()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await RunnerProgram.RunAsync(
            ["--token", Token], new Dictionary<string, string>(), output, error, TestContext.Current.CancellationToken);

        Assert.Equal(2, exitCode);
        Assert.Equal("", output.ToString());
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("wvs-runner: an http(s) server URL is required", line, StringComparison.Ordinal);
        Assert.Contains("usage: wvs-runner --url <server url> --token <runner token>", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, line, StringComparison.Ordinal);
    }

    private static RunnerSettings Parse(string[] args, Dictionary<string, string> environment)
    {
        Assert.True(RunnerSettings.TryParse(args, environment, out var settings, out var problem), problem);
        return settings;
    }
}
