using System.Text;
using WvsMesh.Runner.Trace;
using Xunit;

namespace WvsMesh.Runner.Tests.Trace;

/// <summary>Content-Range bookkeeping: each chunk starts where the server's accepted bytes end.</summary>
public sealed class Uploading_the_trace
{
    [Fact]
    public void The_first_chunk_starts_at_zero_with_an_inclusive_end()
    {
        var trace = Trace();
        trace.Write("hello"u8);

        var chunk = trace.NextChunk(1024);

        Assert.NotNull(chunk);
        Assert.Equal(0, chunk.Value.Start);
        Assert.Equal("0-4", chunk.Value.ContentRange);
        Assert.Equal("hello", Encoding.UTF8.GetString(chunk.Value.Bytes));
    }

    [Fact]
    public void After_an_accepted_chunk_only_new_bytes_are_sent()
    {
        var trace = Trace();
        trace.Write("hello"u8);
        trace.Acknowledge(5);
        trace.Write(" world"u8);

        var chunk = trace.NextChunk(1024);

        Assert.Equal("5-10", chunk?.ContentRange);
        Assert.Equal(" world", Encoding.UTF8.GetString(chunk?.Bytes ?? []));
    }

    [Fact]
    public void Nothing_is_sent_when_the_server_holds_everything()
    {
        var trace = Trace();
        Assert.Null(trace.NextChunk(1024));

        trace.Write("hello"u8);
        trace.Acknowledge(5);

        Assert.Null(trace.NextChunk(1024));
    }

    [Fact]
    public void A_long_log_goes_in_chunks_of_the_largest_size()
    {
        var trace = Trace();
        trace.Write("0123456789"u8);

        Assert.Equal("0-3", trace.NextChunk(4)?.ContentRange);
        trace.Acknowledge(4);
        Assert.Equal("4-7", trace.NextChunk(4)?.ContentRange);
        trace.Acknowledge(8);
        Assert.Equal("89", Encoding.UTF8.GetString(trace.NextChunk(4)?.Bytes ?? []));
        Assert.Equal("8-9", trace.NextChunk(4)?.ContentRange);
    }

    [Fact]
    public void A_416_answer_moves_the_next_chunk_to_where_the_server_stands()
    {
        var trace = Trace();
        trace.Write("0123456789"u8);
        trace.Acknowledge(10);

        trace.Acknowledge(6); // 416 with Range: 0-6

        var chunk = trace.NextChunk(1024);
        Assert.Equal("6-9", chunk?.ContentRange);
        Assert.Equal("6789", Encoding.UTF8.GetString(chunk?.Bytes ?? []));
    }

    [Fact]
    public void An_accepted_count_beyond_the_log_counts_as_everything()
    {
        var trace = Trace();
        trace.Write("abc"u8);

        trace.Acknowledge(99);

        Assert.Equal(3, trace.Accepted);
        Assert.Null(trace.NextChunk(1024));
    }

    [Fact]
    public void Chunks_carry_masked_bytes_and_a_held_back_start_of_a_secret_waits_for_the_end()
    {
        var trace = new JobTrace(new TraceMasker(["top-secret"]));
        trace.Write("value: top-se"u8);

        Assert.Equal("value: ", Encoding.UTF8.GetString(trace.NextChunk(1024)?.Bytes ?? []));
        trace.Acknowledge(7);
        trace.Write("cret\n"u8);
        trace.Complete();

        var chunk = trace.NextChunk(1024);
        Assert.Equal("7-15", chunk?.ContentRange);
        Assert.Equal("[MASKED]\n", Encoding.UTF8.GetString(chunk?.Bytes ?? []));
    }

    [Fact]
    public void A_log_past_the_limit_is_cut_with_a_note_and_later_output_is_dropped()
    {
        var trace = new JobTrace(new TraceMasker([]), limit: 8);
        trace.Write("12345"u8);
        trace.Write("67890"u8);
        trace.Write("more"u8);
        trace.WriteLine("Job succeeded");

        Assert.Equal(
            "12345678\nJob's log exceeded limit of 8 bytes.\nJob execution will continue but no more output will be collected.\n",
            Encoding.UTF8.GetString(trace.ToArray()));
    }

    [Fact]
    public void The_default_limit_is_4_MiB()
    {
        var trace = Trace();
        trace.Write(new byte[JobTrace.DefaultLimit]);
        Assert.Equal(4 * 1024 * 1024, trace.Length);

        trace.Write("x"u8);

        Assert.StartsWith("\nJob's log exceeded limit of 4194304 bytes.", Encoding.UTF8.GetString(trace.ToArray().AsSpan(JobTrace.DefaultLimit)), StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_is_kept_after_the_log_is_complete()
    {
        var trace = Trace();
        trace.WriteLine("Job succeeded");
        trace.Complete();

        trace.Write("late"u8);

        Assert.Equal("Job succeeded\n", Encoding.UTF8.GetString(trace.ToArray()));
    }

    public static TheoryData<string?, bool, long> RangeAnswers => new()
    {
        { "0-100", true, 100 },
        { "0-0", true, 0 },
        { " 0 - 42 ", true, 42 },
        { "5-100", false, 0 },
        { "0-", false, 0 },
        { "bytes 0-99/100", false, 0 },
        { "-5", false, 0 },
        { null, false, 0 },
    };

    [Theory]
    [MemberData(nameof(RangeAnswers))]
    public void The_servers_Range_answer_gives_the_accepted_byte_count(string? header, bool valid, long accepted)
    {
        Assert.Equal(valid, TraceRange.TryParseAccepted(header, out var parsed));
        Assert.Equal(accepted, parsed);
    }

    private static JobTrace Trace() => new(new TraceMasker([]));
}
