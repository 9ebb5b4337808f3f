using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using WvsMesh.ServiceDefaults.Bus;

namespace WvsMesh.ServiceDefaults.Security;

/// <summary>
/// Outside the embedded mode (RabbitMQ configured), a host refuses to start with the committed placeholder secrets
/// (<c>change-me…</c>, in deploy/compose/wvs.env.example) or a key shorter than 32 characters: the message names the
/// setting, never its value (#13). The embedded mode is exempt: its walkthrough's <c>WVS_ROOT_TOKEN=change-me-root-token</c>
/// is a local admin's on 127.0.0.1.
/// </summary>
internal sealed class PlaceholderSecrets(IConfiguration configuration) : IValidateOptions<WvsOptions>
{
    private const string Placeholder = "change-me";
    private const int MinimumKeyLength = 32;

    public ValidateOptionsResult Validate(string? name, WvsOptions options)
    {
        var problems = Find(configuration).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>What is wrong with the secrets in <paramref name="configuration"/>, one sentence per setting.</summary>
    public static IEnumerable<string> Find(IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration[$"{BusOptions.Section}:Host"]))
        {
            yield break;
        }
        foreach (var setting in new[] { "WVS_IDENTITY_KEY", "WVS_ENCRYPTION_KEY" })
        {
            if (configuration[setting] is { Length: > 0 } key)
            {
                if (IsPlaceholder(key))
                {
                    yield return $"{setting} is the committed placeholder: set a secret of your own (openssl rand -base64 32).";
                }
                else if (key.Length < MinimumKeyLength)
                {
                    yield return $"{setting} is too short: use at least {MinimumKeyLength} characters (openssl rand -base64 32).";
                }
            }
        }
        var others = configuration.GetSection("ConnectionStrings").GetChildren()
            .Select(child => ($"ConnectionStrings__{child.Key}", child.Value))
            .Append(("RabbitMq__Host", configuration[$"{BusOptions.Section}:Host"]))
            .Append(("WVS_ROOT_TOKEN", configuration["WVS_ROOT_TOKEN"]));
        foreach (var (setting, value) in others)
        {
            if (value is not null && IsPlaceholder(value))
            {
                yield return $"{setting} holds a committed placeholder (change-me…): set a secret of your own.";
            }
        }
    }

    private static bool IsPlaceholder(string value)
    {
        if (value.Contains(Placeholder, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        // The example keys are base64 of change-me text.
        var bytes = new byte[value.Length];
        return Convert.TryFromBase64String(value, bytes, out var length)
            && Encoding.UTF8.GetString(bytes, 0, length).Contains(Placeholder, StringComparison.OrdinalIgnoreCase);
    }
}
