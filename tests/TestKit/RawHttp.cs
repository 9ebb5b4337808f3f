using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace WvsMesh.TestKit;

/// <summary>HTTP/1.1 over a bare socket, for requests HttpClient will not send as written (stalled bodies, raw targets).</summary>
public static class RawHttp
{
    /// <summary>
    /// An anonymous JSON <c>POST</c> whose headers promise a body under the 1 MiB limit and whose body stops after its first
    /// bytes, as from a client that stalled; the answer, which only a server that does not wait for the body gives.
    /// </summary>
    public static async Task<(int Status, string Body)> StalledPostAsync(Uri address, string path, CancellationToken ct)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, ct);
        await using var stream = tcp.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head + """{"name":"stalled","import_url":"https://example.com/x.git","padding":" """), ct);
        return await ReadAnswerAsync(stream, ct);
    }

    /// <summary>One answer's status and body, read as far as its end (not the connection's, which may stay open).</summary>
    public static async Task<(int Status, string Body)> ReadAnswerAsync(Stream stream, CancellationToken ct)
    {
        var received = new StringBuilder();
        var buffer = new byte[8192];
        while (true)
        {
            var text = received.ToString();
            var bodyAt = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (bodyAt >= 0 && IsComplete(text[..bodyAt], text[(bodyAt + 4)..]))
            {
                var status = int.Parse(text.Split(' ', 3)[1], CultureInfo.InvariantCulture);
                return (status, Unchunk(text[(bodyAt + 4)..], text[..bodyAt]));
            }
            var read = await stream.ReadAsync(buffer, ct);
            if (read == 0)
            {
                throw new IOException("The connection closed before the answer was complete:\n" + text);
            }
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
    }

    private static bool IsComplete(string head, string body)
    {
        if (head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            return body.EndsWith("0\r\n\r\n", StringComparison.Ordinal);
        }
        var length = head.Split("\r\n").FirstOrDefault(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return length is null || Encoding.UTF8.GetByteCount(body) >= int.Parse(length["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
    }

    private static string Unchunk(string body, string head)
    {
        if (!head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            return body;
        }
        var text = new StringBuilder();
        var at = 0;
        while (true)
        {
            var lineEnd = body.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(body[at..lineEnd], 16);
            if (size == 0)
            {
                return text.ToString();
            }
            text.Append(body, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
