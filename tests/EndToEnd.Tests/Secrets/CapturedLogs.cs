using System.Collections;
using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace WvsMesh.EndToEnd.Tests.Secrets;

/// <summary>
/// A logging provider that keeps every entry as text — category, formatted message, each structured value, the
/// scopes it was written in and the exception — so a test can search everything a log sink could have received.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    /// <summary>The entries written so far.</summary>
    public IReadOnlyList<string> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private static string Describe(object? value) => value switch
    {
        null => "",
        string text => text,
        IEnumerable items => string.Join(",", items.Cast<object?>().Select(Describe)),
        _ => value.ToString() ?? "",
    };

    private static void AppendValues(StringBuilder text, object? state)
    {
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
            {
                text.Append(' ').Append(key).Append('=').Append(Describe(value));
            }
        }
    }

    private sealed class CapturingLogger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => logs._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder()
                .Append(logLevel).Append(' ').Append(category).Append('[').Append(eventId.Id).Append("]: ")
                .Append(formatter(state, exception));
            AppendValues(text, state);
            logs._scopes.ForEachScope(static (scope, builder) =>
            {
                builder.Append(" => ").Append(Describe(scope));
                AppendValues(builder, scope);
            }, text);
            if (exception is not null)
            {
                text.AppendLine().Append(exception);
            }
            logs._entries.Enqueue(text.ToString());
        }
    }
}
