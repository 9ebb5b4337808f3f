using System.Text.RegularExpressions;

namespace WvsMesh.EndToEnd.Tests.Distributed;

/// <summary>One span as OpenTelemetry's console exporter prints it.</summary>
public sealed record ConsoleSpan(string TraceId, string SpanId, string? ParentSpanId, string Name, string Kind, string Service);

/// <summary>
/// Reads the spans a host printed with <c>OTEL_TRACES_EXPORTER=console</c>: each block starts at
/// <c>Activity.TraceId:</c> and names its span, parent, kind and service.
/// </summary>
public static partial class ConsoleSpans
{
    public static IReadOnlyList<ConsoleSpan> Parse(string output) =>
        [.. output.Split("Activity.TraceId:", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(ParseBlock).OfType<ConsoleSpan>()];

    /// <summary>The chain from <paramref name="span"/> up to the root: each step the span whose id is the previous one's parent.</summary>
    public static IReadOnlyList<ConsoleSpan> Ancestry(ConsoleSpan span, IEnumerable<ConsoleSpan> all)
    {
        var byId = all.Where(s => s.TraceId == span.TraceId).GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        var chain = new List<ConsoleSpan> { span };
        while (chain[^1].ParentSpanId is { } parent && byId.TryGetValue(parent, out var next) && chain.Count < 100)
        {
            chain.Add(next);
        }
        return chain;
    }

    private static ConsoleSpan? ParseBlock(string block)
    {
        var lines = block.Split('\n');
        var traceId = lines[0].Trim();
        string? Field(string name) =>
            lines.Select(line => FieldLine().Match(line)).FirstOrDefault(m => m.Success && m.Groups[1].Value == name)?.Groups[2].Value.Trim();
        string? service = null;
        var section = "";
        foreach (var line in lines)
        {
            if (!line.StartsWith(' '))
            {
                section = line.TrimEnd();
                continue;
            }
            var (key, value) = Split(line);
            if (section == "Resource associated with Activity:" && key == "service.name")
            {
                service = value;
            }
        }
        var spanId = Field("SpanId");
        if (spanId is null || service is null)
        {
            return null;
        }
        return new ConsoleSpan(traceId, spanId, Field("ParentSpanId"), Field("DisplayName") ?? "", Field("Kind") ?? "", service);
    }

    private static (string Key, string Value) Split(string line)
    {
        var trimmed = line.Trim();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (trimmed, "") : (trimmed[..colon], trimmed[(colon + 1)..].Trim());
    }

    [GeneratedRegex(@"^Activity\.(\w+):\s*(.*)$")]
    private static partial Regex FieldLine();
}
