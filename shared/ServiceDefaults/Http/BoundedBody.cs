using Microsoft.AspNetCore.Http;

namespace WvsMesh.ServiceDefaults.Http;

/// <summary>Reads a request body into memory, refusing to read more than a limit.</summary>
public static class BoundedBody
{
    /// <summary>
    /// The body, or null when it is larger than <paramref name="maxBytes"/> (by its <c>Content-Length</c> or as read).
    /// An oversized body up to <paramref name="drainUpTo"/> bytes is still read to its end and dropped, so that a proxy
    /// still sending it receives the refusal instead of a reset connection; the endpoint's own limit must allow that much.
    /// </summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct, long drainUpTo = 0)
    {
        if (request.ContentLength > Math.Max(maxBytes, drainUpTo))
        {
            return null;
        }
        using var buffer = new MemoryStream(request.ContentLength is { } length && length <= maxBytes ? (int)length : 4096);
        var chunk = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                return await DrainAsync(request.Body, chunk, total, drainUpTo, ct);
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static async Task<byte[]?> DrainAsync(Stream body, byte[] chunk, long total, long drainUpTo, CancellationToken ct)
    {
        int read;
        while (total <= drainUpTo && (read = await body.ReadAsync(chunk, ct)) > 0)
        {
            total += read;
        }
        return null;
    }
}
