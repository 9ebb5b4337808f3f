namespace WvsMesh.TriggerThroughput;

/// <summary>The configurations one run measures, by the names <c>--only</c> takes, in their order in the tables.</summary>
internal static class Configurations
{
    /// <summary>Kestrel alone: parse the form, answer 201.</summary>
    public const string Raw = "raw";

    /// <summary>Kestrel and one SQLite INSERT per request, WAL, one writer, <c>synchronous=FULL</c>.</summary>
    public const string SqliteFull = "sqlite-full";

    /// <summary>The same at <c>synchronous=NORMAL</c>.</summary>
    public const string SqliteNormal = "sqlite-normal";

    /// <summary>Kestrel and one pooled PostgreSQL INSERT per request.</summary>
    public const string Postgres = "postgres";

    /// <summary>The product: services/AllInOne, SQLite and the in-memory bus.</summary>
    public const string AllInOne = "allinone";

    /// <summary>The product: Gateway, Tokens, one Pipelines, Webhooks over RabbitMQ and PostgreSQL.</summary>
    public const string Distributed = "distributed";

    public static IReadOnlyList<string> All { get; } = [Raw, SqliteFull, SqliteNormal, Postgres, AllInOne, Distributed];

    public static bool IsProduct(string name) => name is AllInOne or Distributed;

    public static bool NeedsServers(string name) => name is Postgres or Distributed;

    /// <summary>The SQLite baseline at <paramref name="synchronous"/> (FULL or NORMAL), if there is one.</summary>
    public static string? SqliteAt(string synchronous) => synchronous switch
    {
        "FULL" => SqliteFull,
        "NORMAL" => SqliteNormal,
        _ => null,
    };
}
