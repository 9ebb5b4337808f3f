using System.Data.Common;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WvsMesh.ServiceDefaults.Data;
using WvsMesh.ServiceDefaults.Security;

namespace WvsMesh.Pipelines.Data;

/// <summary>A project CI/CD variable, value decrypted.</summary>
internal sealed record ProjectVariable
{
    public required string Key { get; init; }
    public required string Value { get; init; }
    public string VariableType { get; init; } = "env_var";
    public bool Protected { get; init; }
    public bool Masked { get; init; }
    public bool Raw { get; init; }
    public string EnvironmentScope { get; init; } = "*";
    public string? Description { get; init; }
}

/// <summary>Project CI/CD variables; values are encrypted at rest (they hold secrets such as trigger tokens).</summary>
internal sealed class ProjectVariableStore([FromKeyedServices(PipelinesModule.Database)] DbDataSource dataSource, SecretCipher cipher)
{
    private const string Columns = "key, value_ciphertext, variable_type, protected, masked, raw, environment_scope, description";

    private const string ListSql = $"SELECT {Columns} FROM project_variables WHERE project_id = @projectId ORDER BY key, environment_scope";

    private const string InsertSql = """
        INSERT INTO project_variables (project_id, key, value_ciphertext, variable_type, protected, masked, raw, environment_scope, description)
        VALUES (@projectId, @key, @valueCiphertext, @variableType, @protected, @masked, @raw, @environmentScope, @description)
        """;

    private const string UpdateSql = """
        UPDATE project_variables
        SET value_ciphertext = @valueCiphertext, variable_type = @variableType, protected = @protected, masked = @masked, raw = @raw,
            description = @description
        WHERE project_id = @projectId AND key = @key AND environment_scope = @environmentScope
        """;

    private const string DeleteSql = "DELETE FROM project_variables WHERE project_id = @projectId AND key = @key AND environment_scope = @environmentScope";

    public async Task<IReadOnlyList<ProjectVariable>> ListAsync(long projectId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(ListSql, new { projectId }, cancellationToken: ct));
        return rows.Select(Decrypt).ToList();
    }

    /// <summary>
    /// What creating a pipeline reads before it decides, in one command (one round trip): the variables a pipeline on the
    /// ref gets (<see cref="ListForRefAsync"/>) and the iid the project's next pipeline will most likely get (the insert
    /// takes the real one in its transaction).
    /// </summary>
    public async Task<(IReadOnlyList<ProjectVariable> Variables, long NextIid)> ForNewPipelineAsync(long projectId, bool refProtected, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            $"{ListSql};\n{PipelineStore.NextIidSql}", new { projectId }, cancellationToken: ct));
        var rows = await results.ReadAsync<Row>();
        var nextIid = await results.ReadSingleAsync<long>();
        return ([.. rows.Select(Decrypt).Where(v => ForRef(v, refProtected))], nextIid);
    }

    /// <summary>
    /// The variables a pipeline on a ref gets: scope <c>*</c> (environments are not modelled), protected ones only on a
    /// protected ref. Pipeline creation (rules) and the runner's job payload both take them from here.
    /// </summary>
    public async Task<IReadOnlyList<ProjectVariable>> ListForRefAsync(long projectId, bool refProtected, CancellationToken ct) =>
        [.. (await ListAsync(projectId, ct)).Where(v => ForRef(v, refProtected))];

    private static bool ForRef(ProjectVariable variable, bool refProtected) =>
        variable.EnvironmentScope == "*" && (!variable.Protected || refProtected);

    /// <summary>Adds a variable; false when the key (in that environment scope) exists.</summary>
    public async Task<bool> InsertAsync(long projectId, ProjectVariable variable, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertSql, Parameters(projectId, variable), cancellationToken: ct));
            return true;
        }
        catch (DbException e) when (DbErrors.IsUniqueViolation(e))
        {
            return false;
        }
    }

    public async Task<bool> UpdateAsync(long projectId, ProjectVariable variable, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(UpdateSql, Parameters(projectId, variable), cancellationToken: ct)) == 1;
    }

    public async Task<bool> DeleteAsync(long projectId, string key, string environmentScope, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(DeleteSql, new { projectId, key, environmentScope }, cancellationToken: ct)) == 1;
    }

    private object Parameters(long projectId, ProjectVariable variable) => new
    {
        projectId,
        key = variable.Key,
        valueCiphertext = cipher.Encrypt(variable.Value),
        variableType = variable.VariableType,
        @protected = variable.Protected,
        masked = variable.Masked,
        raw = variable.Raw,
        environmentScope = variable.EnvironmentScope,
        description = variable.Description,
    };

    private ProjectVariable Decrypt(Row row) => new()
    {
        Key = row.Key,
        Value = cipher.Decrypt(row.ValueCiphertext),
        VariableType = row.VariableType,
        Protected = row.Protected,
        Masked = row.Masked,
        Raw = row.Raw,
        EnvironmentScope = row.EnvironmentScope,
        Description = row.Description,
    };

    private sealed record Row
    {
        public required string Key { get; init; }
        public required byte[] ValueCiphertext { get; init; }
        public required string VariableType { get; init; }
        public bool Protected { get; init; }
        public bool Masked { get; init; }
        public bool Raw { get; init; }
        public required string EnvironmentScope { get; init; }
        public string? Description { get; init; }
    }
}
