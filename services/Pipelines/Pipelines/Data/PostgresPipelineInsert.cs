using System.Data.Common;
using Dapper;

namespace WvsMesh.Pipelines.Data;

/// <summary>
/// PostgreSQL writes a new pipeline in one statement, committed on its own: the project's next iid, the pipeline, its
/// variables, payload and jobs (data-modifying common table expressions; variables and jobs as column arrays through
/// <c>unnest</c>, so the statement has the same parameters however many rows there are). The project's counter row is
/// locked only while that statement runs and commits. Written as five statements in a transaction, the lock was held
/// across five round trips, and creations for one project queued behind each other for most of a distributed trigger's
/// time (#14: 63 ms of waiting per trigger at 16 connections, ~150 triggers/s). The statement is all or nothing: when the
/// request id is already stored it fails whole, iid included, so the numbers still have no gap.
/// </summary>
internal static class PostgresPipelineInsert
{
    private const string TakeIidAndInsertPipeline = $$"""
        WITH iid AS (
            {{PipelineStore.TakeIidSql}}
        ), pipeline AS (
            INSERT INTO pipelines ({{PipelineStore.InsertedColumns}})
            SELECT last_iid, {{PipelineStore.InsertedValues}}
            FROM iid
            RETURNING id, iid
        ), variables AS (
            INSERT INTO pipeline_variables (pipeline_id, key, value, variable_type)
            SELECT pipeline.id, v.key, v.value, v.variable_type
            FROM pipeline, unnest(@variableKeys, @variableValues, @variableTypes) AS v (key, value, variable_type)
        ), new_jobs AS (
            INSERT INTO jobs ({{JobStore.InsertedColumns}})
            SELECT pipeline.id, j.project_id, j.name, j.stage, j.stage_idx, j.status, j.run_when, j.allow_failure, j.start_in, j.script,
                j.after_script, j.yaml_variables, j.created_at
            FROM pipeline, unnest(@jobProjects, @jobNames, @jobStages, @jobStageIdxs, @jobStatuses, @jobWhens, @jobAllowFailures,
                @jobStartIns, @jobScripts, @jobAfterScripts, @jobYamlVariables, @jobCreatedAts)
                AS j (project_id, name, stage, stage_idx, status, run_when, allow_failure, start_in, script, after_script, yaml_variables, created_at)
            RETURNING id, name
        )
        """;

    private const string InsertPayload = """
        , payload AS (
            INSERT INTO pipeline_payloads (pipeline_id, content_type, body) SELECT pipeline.id, @contentType, @body FROM pipeline
        )
        """;

    // One row per job (or one without a job): the pipeline's id and iid, and each job's new id by its name (unique in a pipeline).
    private const string Answer = "\nSELECT pipeline.id, pipeline.iid, new_jobs.id AS job_id, new_jobs.name AS job_name FROM pipeline LEFT JOIN new_jobs ON true";

    private const string WithPayload = TakeIidAndInsertPipeline + InsertPayload + Answer;

    private const string WithoutPayload = TakeIidAndInsertPipeline + Answer;

    public static async Task<(PipelineRecord Pipeline, IReadOnlyList<JobRecord> Jobs)> InsertAsync(DbDataSource dataSource,
        PipelineRecord pipeline, IReadOnlyList<PipelineVariable> variables, IReadOnlyList<JobRecord> jobs, StoredPayload? payload, CancellationToken ct)
    {
        var parameters = PipelineStore.ColumnValues(pipeline);
        parameters.AddDynamicParams(new
        {
            // Npgsql sends each array as one typed parameter (text[], bigint[], …); Dapper passes arrays through to it.
            variableKeys = variables.Select(v => v.Key).ToArray(),
            variableValues = variables.Select(v => v.Value).ToArray(),
            variableTypes = variables.Select(v => v.VariableType).ToArray(),
            jobProjects = jobs.Select(j => j.ProjectId).ToArray(),
            jobNames = jobs.Select(j => j.Name).ToArray(),
            jobStages = jobs.Select(j => j.Stage).ToArray(),
            jobStageIdxs = jobs.Select(j => j.StageIdx).ToArray(),
            jobStatuses = jobs.Select(j => j.Status).ToArray(),
            jobWhens = jobs.Select(j => j.RunWhen).ToArray(),
            jobAllowFailures = jobs.Select(j => j.AllowFailure).ToArray(),
            jobStartIns = jobs.Select(j => j.StartIn).ToArray(),
            jobScripts = jobs.Select(j => j.Script).ToArray(),
            jobAfterScripts = jobs.Select(j => j.AfterScript).ToArray(),
            jobYamlVariables = jobs.Select(j => j.YamlVariables).ToArray(),
            jobCreatedAts = jobs.Select(j => j.CreatedAt.UtcDateTime).ToArray(),
        });
        if (payload is not null)
        {
            parameters.Add("contentType", payload.ContentType);
            parameters.Add("body", payload.Body);
        }
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<(long Id, long Iid, long? JobId, string? JobName)>(new CommandDefinition(
            payload is null ? WithoutPayload : WithPayload, parameters, cancellationToken: ct))).AsList();
        var (id, iid, _, _) = rows[0];
        var jobIds = rows.Where(row => row.JobName is not null).ToDictionary(row => row.JobName!, row => row.JobId!.Value, StringComparer.Ordinal);
        return (pipeline with { Id = id, Iid = iid }, [.. jobs.Select(job => job with { Id = jobIds[job.Name], PipelineId = id })]);
    }
}
