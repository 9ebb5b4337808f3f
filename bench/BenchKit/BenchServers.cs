using System.Diagnostics;
using System.Net;
using Npgsql;
using WvsMesh.TestKit;

namespace WvsMesh.BenchKit;

/// <summary>
/// The PostgreSQL server and RabbitMQ broker of a benchmark: those <c>WVS_BENCH_POSTGRES</c> and <c>WVS_BENCH_RABBITMQ</c>
/// name, or, when neither is set, private ones started with <c>scripts/test-servers.sh</c> exactly as test.sh starts
/// them, and stopped (their folder removed) on dispose.
/// </summary>
public sealed class BenchServers : IAsyncDisposable
{
    private const string Script = "scripts/test-servers.sh";

    private readonly string? _folder;

    private BenchServers(string postgres, string rabbitMq, string origin, string? folder)
    {
        Postgres = postgres;
        RabbitMq = rabbitMq;
        Origin = origin;
        _folder = folder;
    }

    /// <summary>An Npgsql connection string whose user may <c>CREATE DATABASE</c>.</summary>
    public string Postgres { get; }

    /// <summary>An <c>amqp://</c> URI of the broker.</summary>
    public string RabbitMq { get; }

    /// <summary>Where the servers came from, for the report.</summary>
    public string Origin { get; }

    /// <summary>PostgreSQL's postmaster, when it runs on this machine and may be read (its backends are its children).</summary>
    public int? PostgresProcess
    {
        get
        {
            var server = new NpgsqlConnectionStringBuilder(Postgres);
            return IsLocal(server.Host) ? ListeningProcess.Find(server.Port) : null;
        }
    }

    /// <summary>RabbitMQ's Erlang VM, when it runs on this machine and may be read.</summary>
    public int? RabbitMqProcess
    {
        get
        {
            var broker = new Uri(RabbitMq);
            return IsLocal(broker.Host) ? ListeningProcess.Find(broker.Port > 0 ? broker.Port : 5672) : null;
        }
    }

    public static async Task<BenchServers> ObtainAsync(TextWriter log, CancellationToken ct)
    {
        var postgres = Environment.GetEnvironmentVariable("WVS_BENCH_POSTGRES");
        var rabbitMq = Environment.GetEnvironmentVariable("WVS_BENCH_RABBITMQ");
        if (!string.IsNullOrWhiteSpace(postgres) && !string.IsNullOrWhiteSpace(rabbitMq))
        {
            return new BenchServers(postgres, rabbitMq, "WVS_BENCH_POSTGRES and WVS_BENCH_RABBITMQ", null);
        }
        if (!string.IsNullOrWhiteSpace(postgres) || !string.IsNullOrWhiteSpace(rabbitMq))
        {
            throw new InvalidOperationException("set both WVS_BENCH_POSTGRES and WVS_BENCH_RABBITMQ, or neither (the servers of scripts/test-servers.sh are started then)");
        }
        var folder = Directory.CreateTempSubdirectory("wvs-bench-servers.").FullName;
        log.WriteLine($"starting PostgreSQL and RabbitMQ with {Script} in {folder}");
        try
        {
            var output = await BashAsync("wvs_servers_start \"$1\" >&2 && printf '%s\\n%s\\n' \"$WVS_TEST_POSTGRES\" \"$WVS_TEST_RABBITMQ\"", folder, ct);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (lines.Length != 2)
            {
                throw new InvalidOperationException($"{Script} printed no connection strings: {output}");
            }
            return new BenchServers(lines[0], lines[1], $"{Script} (private, as test.sh starts them)", folder);
        }
        catch
        {
            await StopAsync(folder);
            throw;
        }
    }

    /// <summary>PostgreSQL's durability settings as <c>fsync=…, synchronous_commit=…</c>, or why they are unknown.</summary>
    public async Task<string> PostgresDurabilityAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = new NpgsqlConnection(Postgres);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT current_setting('fsync'), current_setting('synchronous_commit')", connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return $"fsync={reader.GetString(0)}, synchronous_commit={reader.GetString(1)}";
        }
        catch (NpgsqlException e)
        {
            return "unknown: " + e.Message;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_folder is not null)
        {
            await StopAsync(_folder);
        }
    }

    private static async Task StopAsync(string folder)
    {
        await BashAsync("wvs_servers_stop \"$1\"", folder, CancellationToken.None);
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    /// <summary>Runs <paramref name="command"/> in bash with the script sourced and <c>$1</c> the folder; its output (stderr passes through).</summary>
    private static async Task<string> BashAsync(string command, string folder, CancellationToken ct)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = RepositoryRoot.Path };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($". {Script} && {command}");
        start.ArgumentList.Add("bench-servers"); // $0
        start.ArgumentList.Add(folder); // $1
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var output = await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{Script}: `{command}` failed with exit code {process.ExitCode} (see above)");
    }

    private static bool IsLocal(string? host) =>
        host is "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
