using System.Globalization;
using System.Text;

namespace WvsMesh.Pipelines.Repositories;

/// <summary>A file read from a commit: its bytes, or only the knowledge that it is larger than the caller's limit.</summary>
internal sealed record CommittedFile(byte[]? Content, long Size)
{
    public bool TooBig => Content is null;
}

/// <summary>
/// Reads one answer of <c>git cat-file --batch</c> (<c>&lt;oid&gt; &lt;type&gt; &lt;size&gt;\n</c> then the content): the
/// size comes first, so a blob over the limit is refused before any of its content is read (#13: a 256 MB
/// <c>.wvs/root-ci.yml</c> was read whole). At most the header and <c>limit</c> bytes are ever taken from the stream.
/// </summary>
internal static class CatFileBatch
{
    // "<40 or 64 hex> blob <size>\n", or "<name> missing\n" where the name is the sha and a path we chose.
    private const int MaxHeaderBytes = 4096;

    /// <summary>The blob, <see cref="CommittedFile.TooBig"/> when it exceeds <paramref name="limit"/> bytes, or null when it is no blob.</summary>
    public static async Task<CommittedFile?> ReadAsync(Stream output, int limit, CancellationToken ct)
    {
        var header = await ReadHeaderAsync(output, ct);
        var fields = header?.Split(' ');
        if (fields is not [_, "blob", var sizeText]
            || !long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            return null;
        }
        if (size > limit)
        {
            return new CommittedFile(null, size);
        }
        var content = new byte[size];
        await output.ReadExactlyAsync(content, ct);
        return new CommittedFile(content, size);
    }

    // Byte by byte, so not one byte of the content is consumed before the size is known.
    private static async Task<string?> ReadHeaderAsync(Stream output, CancellationToken ct)
    {
        var header = new byte[MaxHeaderBytes];
        var one = new byte[1];
        for (var length = 0; length < header.Length; length++)
        {
            if (await output.ReadAsync(one, ct) == 0)
            {
                return null;
            }
            if (one[0] == (byte)'\n')
            {
                return Encoding.UTF8.GetString(header, 0, length);
            }
            header[length] = one[0];
        }
        return null;
    }
}
