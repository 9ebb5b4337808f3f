using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace WvsMesh.Runner;

/// <summary>
/// What the runner needs to start: read from <c>WVS_RUNNER_*</c> environment variables, then from
/// <c>--url</c>, <c>--token</c>, <c>--concurrency</c> and <c>--builds-dir</c> arguments, which win.
/// </summary>
internal sealed record RunnerSettings
{
    public const string Usage =
        "usage: wvs-runner --url <server url> --token <runner token> [--concurrency <n>] [--builds-dir <dir>] " +
        "(or WVS_RUNNER_URL, WVS_RUNNER_TOKEN, WVS_RUNNER_CONCURRENCY, WVS_RUNNER_BUILDS_DIR, WVS_RUNNER_KEEP_BUILDS=true)";

    public const string TokenVariable = "WVS_RUNNER_TOKEN";

    /// <summary>The server's base address; the runner API lives under <c>api/v4/jobs</c> below it.</summary>
    public required Uri Url { get; init; }

    /// <summary>The runner token sent with every job request; a secret.</summary>
    public required string Token { get; init; }

    /// <summary>How many jobs run at once; default 2.</summary>
    public int Concurrency { get; init; } = 2;

    /// <summary>Where each job's work folder is made; default <c>&lt;temp&gt;/wvs-runner-builds</c>.</summary>
    public required string BuildsDir { get; init; }

    /// <summary>Keep work folders after the job (file variables and scripts are removed regardless); default false.</summary>
    public bool KeepBuilds { get; init; }

    /// <summary>Reads the settings; on failure <paramref name="problem"/> says what is wrong in one sentence (never a value).</summary>
    public static bool TryParse(
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string> environment,
        [NotNullWhen(true)] out RunnerSettings? settings,
        [NotNullWhen(false)] out string? problem)
    {
        settings = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        Take(environment, "WVS_RUNNER_URL", "url", values);
        Take(environment, TokenVariable, "token", values);
        Take(environment, "WVS_RUNNER_CONCURRENCY", "concurrency", values);
        Take(environment, "WVS_RUNNER_BUILDS_DIR", "builds-dir", values);
        Take(environment, "WVS_RUNNER_KEEP_BUILDS", "keep-builds", values);
        if (!TryReadArguments(args, values, out problem))
        {
            return false;
        }

        if (!values.TryGetValue("url", out var url)
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            problem = "an http(s) server URL is required (--url or WVS_RUNNER_URL).";
            return false;
        }
        if (!values.TryGetValue("token", out var token))
        {
            problem = "a runner token is required (--token or WVS_RUNNER_TOKEN).";
            return false;
        }
        var concurrency = 2;
        if (values.TryGetValue("concurrency", out var text)
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out concurrency) || concurrency is < 1 or > 64))
        {
            problem = "the concurrency must be a whole number from 1 to 64.";
            return false;
        }
        settings = new RunnerSettings
        {
            Url = uri,
            Token = token,
            Concurrency = concurrency,
            BuildsDir = Path.GetFullPath(values.GetValueOrDefault("builds-dir") ?? Path.Combine(Path.GetTempPath(), "wvs-runner-builds")),
            KeepBuilds = values.GetValueOrDefault("keep-builds") is { } keep
                && (keep.Equals("true", StringComparison.OrdinalIgnoreCase) || keep == "1"),
        };
        return true;
    }

    private static void Take(IReadOnlyDictionary<string, string> environment, string variable, string name, Dictionary<string, string> values)
    {
        if (environment.TryGetValue(variable, out var value) && !string.IsNullOrWhiteSpace(value))
        {
            values[name] = value.Trim();
        }
    }

    private static bool TryReadArguments(IReadOnlyList<string> args, Dictionary<string, string> values, [NotNullWhen(false)] out string? problem)
    {
        string[] known = ["url", "token", "concurrency", "builds-dir"];
        for (var i = 0; i < args.Count; i++)
        {
            var argument = args[i];
            var name = argument.StartsWith("--", StringComparison.Ordinal) ? argument[2..] : null;
            string? value = null;
            if (name?.IndexOf('=', StringComparison.Ordinal) is int equals and >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            if (name is null || !known.Contains(name))
            {
                problem = $"unknown argument '{(name is null ? "(positional)" : "--" + name)}'.";
                return false;
            }
            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    problem = $"--{name} needs a value.";
                    return false;
                }
                value = args[++i];
            }
            if (string.IsNullOrWhiteSpace(value))
            {
                problem = $"--{name} needs a value.";
                return false;
            }
            values[name] = value.Trim();
        }
        problem = null;
        return true;
    }
}
