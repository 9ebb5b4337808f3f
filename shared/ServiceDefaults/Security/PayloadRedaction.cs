using System.Text;

namespace WvsMesh.ServiceDefaults.Security;

/// <summary>Keeps a token out of a stored request body: a body is kept byte for byte except where it contains the token.</summary>
public static class PayloadRedaction
{
    /// <summary>The text that replaces a token.</summary>
    public const string Mask = "[MASKED]";

    /// <summary><paramref name="body"/> with every occurrence of <paramref name="token"/> (as UTF-8) replaced by <see cref="Mask"/>.</summary>
    public static byte[] WithoutToken(ReadOnlyMemory<byte> body, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return body.ToArray();
        }
        var needle = Encoding.UTF8.GetBytes(token);
        var mask = Encoding.UTF8.GetBytes(Mask);
        var rest = body.Span;
        if (rest.IndexOf(needle) < 0)
        {
            return body.ToArray();
        }
        using var output = new MemoryStream(body.Length);
        int at;
        while ((at = rest.IndexOf(needle)) >= 0)
        {
            output.Write(rest[..at]);
            output.Write(mask);
            rest = rest[(at + needle.Length)..];
        }
        output.Write(rest);
        return output.ToArray();
    }
}
