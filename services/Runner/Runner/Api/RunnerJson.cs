using System.Text.Json;

namespace WvsMesh.Runner.Api;

/// <summary>The runner protocol's JSON: snake_case names, case-insensitive on reading.</summary>
internal static class RunnerJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}
