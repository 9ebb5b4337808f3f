using System.Globalization;

namespace WvsMesh.Runner.Trace;

/// <summary>
/// The next bytes of a job log to send, starting where the server's accepted bytes end. GitLab writes the range as
/// <c>start-end</c> with an inclusive end (<c>0-99</c> for the first 100 bytes).
/// </summary>
internal readonly record struct TraceChunk(long Start, byte[] Bytes)
{
    public string ContentRange => $"{Start.ToString(CultureInfo.InvariantCulture)}-{(Start + Bytes.Length - 1).ToString(CultureInfo.InvariantCulture)}";
}

internal static class TraceRange
{
    /// <summary>Reads the server's <c>Range: 0-&lt;accepted&gt;</c> answer: how many bytes of the log it holds.</summary>
    public static bool TryParseAccepted(string? header, out long accepted)
    {
        accepted = 0;
        if (header is null)
        {
            return false;
        }
        var dash = header.IndexOf('-', StringComparison.Ordinal);
        return dash > 0
            && long.TryParse(header.AsSpan(0, dash).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            && start == 0
            && long.TryParse(header.AsSpan(dash + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out accepted);
    }
}
