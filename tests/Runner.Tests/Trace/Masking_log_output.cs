using System.Text;
using WvsMesh.Runner.Trace;
using Xunit;

namespace WvsMesh.Runner.Tests.Trace;

/// <summary>Masked values never reach the server, however the output happens to be split into reads.</summary>
public sealed class Masking_log_output
{
    public static TheoryData<string[], string[], string> Streams => new()
    {
        // secrets, output as it was read, what the server gets
        { ["s3cret-value"], ["the s3cret-value is out\n"], "the [MASKED] is out\n" },
        { ["s3cret-value"], ["the s3cr", "et-value is out\n"], "the [MASKED] is out\n" },
        { ["s3cret-value"], ["s", "3", "c", "r", "e", "t", "-", "v", "a", "l", "u", "e"], "[MASKED]" },
        { ["s3cret-value"], ["ends in s3cret-val"], "ends in s3cret-val" },
        { ["s3cret-value"], ["s3cret-valu", "E s3cret-value"], "s3cret-valuE [MASKED]" },
        { ["s3cret-value"], ["s3cret-values3cret-value"], "[MASKED][MASKED]" },
        { ["abc", "abcdef"], ["xx abcd", "ef yy"], "xx [MASKED] yy" },
        { ["abc", "abcdef"], ["xx abcd", "e"], "xx [MASKED]de" },
        { ["abcdef", "cdefgh"], ["abcdefgh"], "[MASKED]gh" },
        { ["aa"], ["aaa"], "[MASKED]a" },
        { ["token-1", "secret-2"], ["token-1secret-2", "\n"], "[MASKED][MASKED]\n" },
        { [], ["nothing to hide"], "nothing to hide" },
        { ["", "x-secret"], ["an x-secret"], "an [MASKED]" },
        { ["pässwörd"], ["my pä", "sswörd!"], "my [MASKED]!" },
    };

    [Theory]
    [MemberData(nameof(Streams))]
    public void Every_secret_becomes_MASKED_across_chunk_boundaries(string[] secrets, string[] chunks, string expected)
    {
        var masker = new TraceMasker(secrets);
        var output = new List<byte>();
        foreach (var chunk in chunks)
        {
            output.AddRange(masker.Push(Encoding.UTF8.GetBytes(chunk)));
        }
        output.AddRange(masker.Flush());

        Assert.Equal(expected, Encoding.UTF8.GetString([.. output]));
    }

    [Fact]
    public void Splitting_the_output_at_any_two_bytes_gives_the_same_log()
    {
        string[] secrets = ["pässwörd-42", "wörd", "tok_123"];
        var text = Encoding.UTF8.GetBytes("a pässwörd-42 and wörd, tok_123tok_123 then pässwörd-4 and pässwörd-42!");
        var whole = Mask(secrets, [text]);
        Assert.Equal("a [MASKED] and [MASKED], [MASKED][MASKED] then päss[MASKED]-4 and [MASKED]!", Encoding.UTF8.GetString(whole));

        for (var first = 0; first <= text.Length; first++)
        {
            for (var second = first; second <= text.Length; second++)
            {
                var split = Mask(secrets, [text[..first], text[first..second], text[second..]]);
                Assert.True(whole.SequenceEqual(split), $"split at {first} and {second}: {Encoding.UTF8.GetString(split)}");
            }
        }
    }

    [Fact]
    public void Output_that_cannot_begin_a_secret_is_not_held_back()
    {
        var masker = new TraceMasker(["s3cret-value"]);

        Assert.Equal("step 1 of 2\n", Encoding.UTF8.GetString(masker.Push("step 1 of 2\n"u8)));
        Assert.Equal("waiting", Encoding.UTF8.GetString(masker.Push("waiting"u8)));
        Assert.Equal("abc ", Encoding.UTF8.GetString(masker.Push("abc s3"u8)));
    }

    [Fact]
    public void Held_back_bytes_wait_for_more_output_or_the_end()
    {
        var masker = new TraceMasker(["s3cret-value"]);

        Assert.Equal("building... ", Encoding.UTF8.GetString(masker.Push("building... s3c"u8)));
        Assert.Equal("", Encoding.UTF8.GetString(masker.Push("ret-val"u8)));
        Assert.Equal("[MASKED] ok\n", Encoding.UTF8.GetString(masker.Push("ue ok\n"u8)));
        Assert.Equal("s3c", Encoding.UTF8.GetString([.. masker.Push("s3c"u8), .. masker.Flush()]));
    }

    [Fact]
    public void Output_with_no_secrets_passes_through_at_once()
    {
        var masker = new TraceMasker([null, ""]);

        Assert.Equal("s3c", Encoding.UTF8.GetString(masker.Push("s3c"u8)));
        Assert.Empty(masker.Flush());
    }

    private static byte[] Mask(string[] secrets, byte[][] chunks)
    {
        var masker = new TraceMasker(secrets);
        var output = new List<byte>();
        foreach (var chunk in chunks)
        {
            output.AddRange(masker.Push(chunk));
        }
        output.AddRange(masker.Flush());
        return [.. output];
    }
}
