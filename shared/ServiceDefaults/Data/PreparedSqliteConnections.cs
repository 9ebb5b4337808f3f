using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace WvsMesh.ServiceDefaults.Data;

/// <summary>
/// Open SQLite connections that keep the statements compiled on them. Microsoft.Data.Sqlite compiles a command's SQL
/// anew for every command object and finalizes it when the connection closes (dotnet/efcore#14044 is still open), and
/// Dapper makes a new command per call, so on the trigger path SQLite's parser and planner cost more than running the
/// statements. Here a connection handed back stays open with its prepared commands, one per SQL text, and the next
/// command with that text runs the compiled statement again. A connection comes back only clean — no transaction open,
/// no statement mid-step — else it is closed, which rolls back and finalizes as a closed connection always did.
/// </summary>
internal sealed class PreparedSqliteConnections(string connectionString) : IDisposable
{
    /// <summary>Open connections kept for reuse; more than this are closed when handed back.</summary>
    private const int MostIdle = 32;

    private readonly ConcurrentBag<PreparedSqliteConnection> _idle = [];
    private volatile bool _disposed;

    /// <summary>An open connection: an idle one, else a new one.</summary>
    public PreparedSqliteConnection Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryTake(out var idle))
        {
            return idle;
        }
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using var setup = connection.CreateCommand();
            // Checkpoints are SqliteDataSource.CheckpointAsync's, off the commit path; this is only the backstop.
            setup.CommandText = $"PRAGMA wal_autocheckpoint = {SqliteDataSource.BackstopCheckpointPages}";
            setup.ExecuteNonQuery();
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        return new PreparedSqliteConnection(connection);
    }

    /// <summary>Keeps <paramref name="connection"/> for the next caller when it is clean, else closes it.</summary>
    public void Return(PreparedSqliteConnection connection)
    {
        if (_disposed || _idle.Count >= MostIdle || !connection.IsClean())
        {
            connection.Dispose();
            return;
        }
        _idle.Add(connection);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var idle))
        {
            idle.Dispose();
        }
    }
}

/// <summary>One open SQLite connection and the commands compiled on it, by SQL text.</summary>
internal sealed class PreparedSqliteConnection(SqliteConnection connection) : IDisposable
{
    /// <summary>Compiled commands kept per connection; the trigger path uses about a dozen texts.</summary>
    private const int MostCommands = 128;

    private readonly Dictionary<string, SqliteCommand> _idle = new(StringComparer.Ordinal);
    private int _outstanding;

    public SqliteConnection Connection => connection;

    /// <summary>The command compiled for <paramref name="text"/> if one is idle, else a new one; <see cref="Release"/> it after.</summary>
    public SqliteCommand Rent(string text)
    {
        _outstanding++;
        if (_idle.Remove(text, out var idle))
        {
            return idle;
        }
        var created = connection.CreateCommand();
        created.CommandText = text;
        return created;
    }

    /// <summary>
    /// Takes back a rented command: kept (parameters cleared) when <paramref name="reusable"/> and none with its text is
    /// kept already, else disposed (which ends any reader still open on it).
    /// </summary>
    public void Release(SqliteCommand command, bool reusable)
    {
        _outstanding--;
        if (reusable && _idle.Count < MostCommands && !_idle.ContainsKey(command.CommandText))
        {
            command.Parameters.Clear();
            command.Transaction = null;
            _idle.Add(command.CommandText, command);
            return;
        }
        command.Dispose();
    }

    /// <summary>
    /// No transaction open and every command taken back (so no reader left mid-step): nothing of the last caller's work
    /// can leak to the next, such as an old snapshot or an uncommitted write.
    /// </summary>
    public bool IsClean() =>
        _outstanding == 0 && connection.State == ConnectionState.Open && connection.Handle is { } handle && raw.sqlite3_get_autocommit(handle) != 0;

    public void Dispose()
    {
        foreach (var command in _idle.Values)
        {
            command.Dispose();
        }
        _idle.Clear();
        connection.Dispose();
    }
}

/// <summary>What stores open: a <see cref="DbConnection"/> whose Open rents a prepared connection and whose Close hands it back.</summary>
[SuppressMessage("Design", "CA1001", Justification = "The rented connection is handed back by Close/Dispose, not owned.")]
internal sealed class PooledSqliteConnection(PreparedSqliteConnections pool, string connectionString) : DbConnection
{
    private PreparedSqliteConnection? _rented;

    [AllowNull]
    public override string ConnectionString
    {
        get => connectionString;
        set => throw new NotSupportedException("The data source sets the connection string.");
    }

    public override string Database => _rented?.Connection.Database ?? "main";

    public override string DataSource => _rented?.Connection.DataSource ?? "";

    public override string ServerVersion => _rented?.Connection.ServerVersion ?? "";

    public override ConnectionState State => _rented is null ? ConnectionState.Closed : ConnectionState.Open;

    /// <summary>The open connection; only while this is open.</summary>
    internal PreparedSqliteConnection Rented => _rented ?? throw new InvalidOperationException("The connection is not open.");

    public override void Open()
    {
        if (_rented is not null)
        {
            throw new InvalidOperationException("The connection is already open.");
        }
        _rented = pool.Rent();
    }

    public override Task OpenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Open();
        return Task.CompletedTask;
    }

    public override void Close()
    {
        if (_rented is { } rented)
        {
            _rented = null;
            pool.Return(rented);
        }
    }

    public override void ChangeDatabase(string databaseName) => throw new NotSupportedException("SQLite has one database per file.");

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => Rented.Connection.BeginTransaction(isolationLevel);

    protected override DbCommand CreateDbCommand() => new PreparedSqliteCommand(this);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }
        base.Dispose(disposing);
    }
}

/// <summary>
/// A command on a <see cref="PooledSqliteConnection"/>: once its text is set it runs the command compiled for that text
/// on the connection (compiling it the first time), and hands it back when disposed.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "The compiled command is handed back to its connection on Dispose, not owned.")]
internal sealed class PreparedSqliteCommand(PooledSqliteConnection connection) : DbCommand
{
    private SqliteCommand? _command;
    private PreparedSqliteConnection? _owner;
    private string _text = "";
    private int _timeout = 30;
    private DbTransaction? _transaction;
    private DbDataReader? _reader;

    [AllowNull]
    public override string CommandText
    {
        get => _text;
        set
        {
            var text = value ?? "";
            if (_command is not null && text != _text)
            {
                // A new text once the command was taken: its parameters stay, and it is not kept for reuse.
                _command.CommandText = text;
            }
            _text = text;
        }
    }

    public override int CommandTimeout
    {
        get => _timeout;
        set => _timeout = value;
    }

    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text)
            {
                throw new ArgumentException("SQLite runs text commands only.", nameof(value));
            }
        }
    }

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection
    {
        get => connection;
        set => throw new NotSupportedException("A prepared command stays with the connection that made it.");
    }

    protected override DbParameterCollection DbParameterCollection => Command().Parameters;

    protected override DbTransaction? DbTransaction
    {
        get => _transaction;
        set => _transaction = value;
    }

    public override void Cancel() => _command?.Cancel();

    public override int ExecuteNonQuery() => Ready().ExecuteNonQuery();

    public override object? ExecuteScalar() => Ready().ExecuteScalar();

    public override void Prepare() => Ready().Prepare();

    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => Ready().ExecuteNonQueryAsync(cancellationToken);

    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => Ready().ExecuteScalarAsync(cancellationToken);

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => _reader = Ready().ExecuteReader(behavior);

    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        _reader = await Ready().ExecuteReaderAsync(behavior, cancellationToken);

    protected override DbParameter CreateDbParameter() => new SqliteParameter();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _command is { } command && _owner is { } owner)
        {
            _command = null;
            // Reused only as it was rented: same text, on the connection still open, its reader (if any) closed.
            owner.Release(command, reusable: command.CommandText == _text && connection.State == ConnectionState.Open
                && ReferenceEquals(owner, connection.Rented) && _reader is null or { IsClosed: true });
        }
        base.Dispose(disposing);
    }

    /// <summary>The compiled command for the text (rented on first use), with this command's transaction and timeout.</summary>
    private SqliteCommand Ready()
    {
        var command = Command();
        command.Transaction = (SqliteTransaction?)_transaction;
        command.CommandTimeout = _timeout;
        return command;
    }

    private SqliteCommand Command()
    {
        if (_command is null)
        {
            _owner = connection.Rented;
            _command = _owner.Rent(_text);
        }
        return _command;
    }
}
