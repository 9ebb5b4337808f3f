using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WvsMesh.TriggerThroughput;

/// <summary>
/// A baseline: what the trigger route costs at the least, run as <c>dotnet WvsMesh.TriggerThroughput.dll serve &lt;name&gt;</c>
/// so that its CPU is read from <c>/proc</c> like a product host's. Kestrel on <c>ASPNETCORE_URLS</c> (127.0.0.1), the
/// route of the product, the form read, <c>token</c> and <c>ref</c> taken from it, one row written (or none, for
/// <c>raw</c>), 201 with a small JSON body. <c>WVS_DATA_DIR</c> holds the SQLite file, <c>WVS_BASELINE_POSTGRES</c>
/// names the PostgreSQL database.
/// </summary>
internal static class BaselineServer
{
    /// <summary>What the route answers: about the size of the product's answer without its fields.</summary>
    internal sealed record TriggerAnswer(long Id, string Ref, string Status);

    internal sealed record BaselineError(string Message);

    public static async Task RunAsync(string name)
    {
        await using var writer = await OpenAsync(name);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(writer);
        await using var app = builder.Build();
        app.MapGet("/readyz", () => TypedResults.Ok());
        app.MapPost("/api/v4/projects/{projectId}/trigger/pipeline", TriggerPipeline);
        await app.RunAsync();
    }

    private static async Task<ITriggerWriter> OpenAsync(string name) => name switch
    {
        Configurations.Raw => new CountingWriter(),
        Configurations.SqliteFull => SqliteTriggerWriter.Open(DataFile(), "FULL"),
        Configurations.SqliteNormal => SqliteTriggerWriter.Open(DataFile(), "NORMAL"),
        Configurations.Postgres => await PostgresTriggerWriter.OpenAsync(
            Environment.GetEnvironmentVariable("WVS_BASELINE_POSTGRES") ?? throw new InvalidOperationException("WVS_BASELINE_POSTGRES is not set")),
        _ => throw new ArgumentException($"no baseline named {name}", nameof(name)),
    };

    private static string DataFile() =>
        Path.Combine(Environment.GetEnvironmentVariable("WVS_DATA_DIR") ?? throw new InvalidOperationException("WVS_DATA_DIR is not set"), "baseline.db");

    private static async Task<Results<Created<TriggerAnswer>, BadRequest<BaselineError>>> TriggerPipeline(
        string projectId, HttpRequest request, ITriggerWriter writer, CancellationToken ct)
    {
        var form = await request.ReadFormAsync(ct);
        var token = form["token"].ToString();
        var reference = form["ref"].ToString();
        if (token.Length == 0 || reference.Length == 0)
        {
            return TypedResults.BadRequest(new BaselineError("token and ref are required"));
        }
        var id = await writer.InsertAsync(projectId, reference, ct);
        return TypedResults.Created((string?)null, new TriggerAnswer(id, reference, "created"));
    }
}
