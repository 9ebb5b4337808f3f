using System.Data;
using System.Globalization;
using Dapper;

namespace WvsMesh.ServiceDefaults.Data;

/// <summary>
/// Timestamps are <c>timestamptz</c> in PostgreSQL and ISO-8601 text in SQLite; records see <see cref="DateTimeOffset"/> in UTC either way.
/// </summary>
internal static class DapperTypeHandlers
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }
        // Columns are snake_case, records PascalCase.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new UtcTimestampHandler());
        SqlMapper.AddTypeHandler(new GuidTextHandler());
    }

    private sealed class UtcTimestampHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            // Npgsql's timestamptz takes only UTC values; SQLite stores the round-trip text.
            parameter.Value = value.ToUniversalTime();
        }

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset offset => offset.ToUniversalTime(),
            DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
            string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime(),
            _ => throw new DataException($"Cannot read a timestamp from {value.GetType().Name}."),
        };
    }

    /// <summary>
    /// Ids such as request ids are stored as text in both dialects (SQLite would otherwise store a blob). Dapper reads
    /// through this handler; as a parameter it still sends a Guid natively, so stores pass <c>ToString("D")</c>.
    /// </summary>
    private sealed class GuidTextHandler : SqlMapper.TypeHandler<Guid>
    {
        public override void SetValue(IDbDataParameter parameter, Guid value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = value.ToString("D");
        }

        public override Guid Parse(object value) => value switch
        {
            Guid guid => guid,
            string text => Guid.Parse(text),
            byte[] bytes => new Guid(bytes),
            _ => throw new DataException($"Cannot read an id from {value.GetType().Name}."),
        };
    }
}
