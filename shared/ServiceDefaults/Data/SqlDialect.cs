namespace WvsMesh.ServiceDefaults.Data;

/// <summary>The two SQL dialects WvsMesh runs on; each module ships <c>Migrations/&lt;dialect&gt;/NNNN_*.sql</c> for both.</summary>
public enum SqlDialect
{
    /// <summary>Embedded mode: one SQLite file per service under the data directory.</summary>
    Sqlite,

    /// <summary>Distributed mode: one PostgreSQL database per service.</summary>
    Postgres,
}
