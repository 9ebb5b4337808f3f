using System.Text;

namespace WvsMesh.Runner.Trace;

/// <summary>
/// Replaces every occurrence of a secret in a stream of log bytes with <c>[MASKED]</c>, even when the output arrives
/// split inside a secret: of the last (longest secret − 1) bytes, those that could begin a secret are held back until
/// more output arrives or <see cref="Flush"/> ends the stream; the rest go out at once, so a live log does not lag.
/// Where secrets overlap, the longest one starting first wins.
/// </summary>
internal sealed class TraceMasker
{
    private static readonly byte[] Mask = "[MASKED]"u8.ToArray();

    private readonly byte[][] _secrets;
    private readonly int _holdBack;
    private byte[] _pending = [];

    public TraceMasker(IEnumerable<string?> secrets)
    {
        _secrets = [.. secrets
            .Where(secret => !string.IsNullOrEmpty(secret))
            .Select(secret => secret!) // Where above dropped the nulls.
            .Distinct(StringComparer.Ordinal)
            .Select(Encoding.UTF8.GetBytes)
            .OrderByDescending(secret => secret.Length)];
        _holdBack = _secrets.Length == 0 ? 0 : _secrets[0].Length - 1;
    }

    /// <summary>Masks what can be decided now and keeps the possible start of a secret for the next call.</summary>
    public byte[] Push(ReadOnlySpan<byte> output) => Apply(output, final: false);

    /// <summary>Masks and returns whatever was held back; the stream has ended.</summary>
    public byte[] Flush() => Apply([], final: true);

    private byte[] Apply(ReadOnlySpan<byte> output, bool final)
    {
        if (_secrets.Length == 0)
        {
            return output.ToArray();
        }
        byte[] buffer = [.. _pending, .. output];
        // A secret starting before `decidable` lies wholly inside the buffer; one starting later may still be arriving.
        var decidable = final ? buffer.Length : buffer.Length - _holdBack;
        using var masked = new MemoryStream(buffer.Length);
        var literal = 0;
        var i = 0;
        while (i < buffer.Length)
        {
            if (i >= decidable && CouldBeginSecret(buffer.AsSpan(i)))
            {
                break;
            }
            var length = SecretAt(buffer, i);
            if (length == 0)
            {
                i++;
                continue;
            }
            masked.Write(buffer, literal, i - literal);
            masked.Write(Mask);
            i += length;
            literal = i;
        }
        masked.Write(buffer, literal, i - literal);
        _pending = buffer[i..];
        return masked.ToArray();
    }

    private bool CouldBeginSecret(ReadOnlySpan<byte> tail)
    {
        foreach (var secret in _secrets)
        {
            if (secret.Length > tail.Length && secret.AsSpan().StartsWith(tail))
            {
                return true;
            }
        }
        return false;
    }

    private int SecretAt(byte[] buffer, int position)
    {
        var rest = buffer.AsSpan(position);
        foreach (var secret in _secrets)
        {
            if (rest.StartsWith(secret))
            {
                return secret.Length;
            }
        }
        return 0;
    }
}
