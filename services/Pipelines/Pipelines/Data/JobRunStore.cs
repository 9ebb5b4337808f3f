using System.Data.Common;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WvsMesh.Pipelines.Domain.Execution;

namespace WvsMesh.Pipelines.Data;

/// <summary>A job a runner holds: found by its job token's digest.</summary>
internal sealed record RunningJob
{
    public long Id { get; init; }
    public long PipelineId { get; init; }
    public long ProjectId { get; init; }
    public string Status { get; init; } = "";
}

/// <summary>
/// Running jobs: a runner claims a pending job (one claim wins, on any number of replicas), reports its end and appends
/// its log; every change moves the pipeline on stage by stage (<see cref="JobProgression"/>).
/// </summary>
internal sealed class JobRunStore([FromKeyedServices(PipelinesModule.Database)] DbDataSource dataSource)
{
    private const string PendingSql = "SELECT id FROM jobs WHERE status = 'pending' ORDER BY id LIMIT 10";

    private const string ClaimSql = $"""
        UPDATE jobs SET status = 'running', runner_id = @runnerId, token_digest = @digest, started_at = @now
        WHERE id = @id AND status = 'pending'
        RETURNING {JobStore.Columns}
        """;

    private const string RequeueSql = """
        UPDATE jobs SET status = 'pending', runner_id = NULL, token_digest = NULL, started_at = NULL WHERE id = @id AND status = 'running'
        """;

    private const string ByTokenSql = "SELECT id, pipeline_id, project_id, status FROM jobs WHERE token_digest = @digest";

    private const string FinishSql = """
        UPDATE jobs SET status = @status, failure_reason = @failureReason, finished_at = @now WHERE id = @id AND status = 'running'
        """;

    // Taking the pipeline row first serialises progressions of one pipeline (a row lock on PostgreSQL, the write lock on SQLite).
    private const string LockPipelineSql = "UPDATE pipelines SET updated_at = @now WHERE id = @pipelineId RETURNING status";

    private const string StatesSql = """
        SELECT id, stage_idx, status, run_when, allow_failure FROM jobs WHERE pipeline_id = @pipelineId ORDER BY stage_idx, id
        """;

    private const string StartJobSql = "UPDATE jobs SET status = @status WHERE id = @id AND status = 'created'";

    private const string PipelineStatusSql = """
        UPDATE pipelines
        SET status = @status,
            started_at = CASE WHEN started_at IS NULL AND @running THEN @now ELSE started_at END,
            finished_at = CASE WHEN @final THEN @now ELSE NULL END
        WHERE id = @pipelineId
        """;

    // Chunks are only ever appended where the log ends, so its length is where the last one ends (one index probe).
    private const string TraceLengthSql = """
        SELECT COALESCE((SELECT start + length(data) FROM job_trace_chunks WHERE job_id = @jobId ORDER BY start DESC LIMIT 1), 0)
        """;

    private const string AppendSql = "INSERT INTO job_trace_chunks (job_id, start, data) VALUES (@jobId, @start, @data)";

    private const string TraceSql = "SELECT data FROM job_trace_chunks WHERE job_id = @jobId ORDER BY start";

    /// <summary>Gives the oldest pending job to the runner, as it is once claimed; null when there is none.</summary>
    public async Task<JobRecord?> ClaimAsync(long runnerId, string digest, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        foreach (var id in await connection.QueryAsync<long>(new CommandDefinition(PendingSql, cancellationToken: ct)))
        {
            if (await connection.QuerySingleOrDefaultAsync<JobRecord>(new CommandDefinition(ClaimSql, new { id, runnerId, digest, now }, cancellationToken: ct)) is { } claimed)
            {
                return claimed;
            }
        }
        return null;
    }

    /// <summary>Gives a claimed job back to the queue (its runner never got it).</summary>
    public async Task RequeueAsync(long id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(RequeueSql, new { id }, cancellationToken: ct));
    }

    public async Task<RunningJob?> FindByTokenAsync(string digest, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<RunningJob>(new CommandDefinition(ByTokenSql, new { digest }, cancellationToken: ct));
    }

    /// <summary>Ends a running job; false when it was not running (already ended).</summary>
    public async Task<bool> FinishAsync(long id, string status, string? failureReason, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(FinishSql, new { id, status, failureReason, now }, cancellationToken: ct)) == 1;
    }

    /// <summary>Starts or skips the jobs whose turn it is and sets the pipeline's status; returns it, and whether it changed.</summary>
    public async Task<(string Status, bool Changed)> ProgressAsync(long pipelineId, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var previous = await connection.ExecuteScalarAsync<string>(new CommandDefinition(LockPipelineSql, new { pipelineId, now }, transaction, cancellationToken: ct));
        var jobs = (await connection.QueryAsync<JobRow>(new CommandDefinition(StatesSql, new { pipelineId }, transaction, cancellationToken: ct)))
            .Select(job => new JobState(job.Id, job.StageIdx, job.Status, job.RunWhen, job.AllowFailure))
            .ToList();
        var progress = JobProgression.Advance(jobs);
        foreach (var (id, status) in progress.Changes)
        {
            await connection.ExecuteAsync(new CommandDefinition(StartJobSql, new { id, status }, transaction, cancellationToken: ct));
        }
        var running = progress.PipelineStatus == "running";
        var final = JobProgression.IsFinal(progress.PipelineStatus);
        await connection.ExecuteAsync(new CommandDefinition(
            PipelineStatusSql, new { pipelineId, status = progress.PipelineStatus, running, final, now }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return (progress.PipelineStatus, previous != progress.PipelineStatus);
    }

    /// <summary>
    /// Appends a piece of a job's log that starts at byte <paramref name="at"/> (null: where it ends); when that is not where the log ends, nothing
    /// is written. Returns whether it was appended and the log's length after.
    /// </summary>
    public async Task<(bool Appended, long Length)> AppendTraceAsync(long jobId, long? at, byte[] data, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var length = await connection.ExecuteScalarAsync<long>(new CommandDefinition(TraceLengthSql, new { jobId }, transaction, cancellationToken: ct));
        var start = at ?? length;
        if (length != start || data.Length == 0)
        {
            return (false, length);
        }
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(AppendSql, new { jobId, start, data }, transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            return (true, length + data.Length);
        }
        catch (DbException e) when (ServiceDefaults.Data.DbErrors.IsUniqueViolation(e))
        {
            // The same piece twice at once (a retry): the first one counts.
            return (false, length);
        }
    }

    public async Task<byte[]> TraceAsync(long jobId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var chunks = await connection.QueryAsync<byte[]>(new CommandDefinition(TraceSql, new { jobId }, cancellationToken: ct));
        return [.. chunks.SelectMany(chunk => chunk)];
    }

    private sealed record JobRow
    {
        public long Id { get; init; }
        public int StageIdx { get; init; }
        public string Status { get; init; } = "";
        public string RunWhen { get; init; } = "";
        public bool AllowFailure { get; init; }
    }
}
