using System.Text;
using WvsMesh.Pipelines.Repositories;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Repositories;

/// <summary>
/// #13, finding 7: the CI file is read from the commit by its size first; a blob over the limit is refused having read
/// nothing of its content, whatever its size.
/// </summary>
public sealed class Reading_a_committed_file
{
    private const int Limit = 1024 * 1024;

    [Fact]
    public async Task A_blob_over_the_limit_is_refused_after_its_header_only()
    {
        var header = "0123456789abcdef0123456789abcdef01234567 blob 268435456\n";
        using var output = new EndlessOutput(header);

        var file = await CatFileBatch.ReadAsync(output, Limit, TestContext.Current.CancellationToken);

        Assert.True(file is { TooBig: true, Size: 268_435_456 });
        Assert.Equal(header.Length, output.BytesRead);
    }

    [Fact]
    public async Task A_blob_within_the_limit_is_read_exactly()
    {
        var content = new string('y', Limit);
        using var output = new EndlessOutput($"0123456789abcdef0123456789abcdef01234567 blob {Limit}\n" + content);

        var file = await CatFileBatch.ReadAsync(output, Limit, TestContext.Current.CancellationToken);

        Assert.Equal(content, Encoding.UTF8.GetString(Assert.IsType<byte[]>(file?.Content)));
        Assert.True(output.BytesRead <= Limit + 100);
    }

    [Theory]
    [InlineData("abc:.wvs/root-ci.yml missing\n")]
    [InlineData("0123456789abcdef0123456789abcdef01234567 tree 37\n")]
    [InlineData("")]
    public async Task What_is_no_blob_reads_as_no_file(string answer)
    {
        using var output = new EndlessOutput(answer, endless: false);

        Assert.Null(await CatFileBatch.ReadAsync(output, Limit, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Git_answers_a_file_a_file_over_the_limit_and_no_file()
    {
        var ct = TestContext.Current.CancellationToken;
        using var repository = GitRepository.Create("job: {script: x}\n");
        var sha = repository.Commit("big.yml", new string('z', Limit + 1), "big");

        var small = await new Git().ReadBlobAsync(repository.Path, $"{sha}:.wvs/root-ci.yml", Limit, ct);
        var big = await new Git().ReadBlobAsync(repository.Path, $"{sha}:big.yml", Limit, ct);
        var none = await new Git().ReadBlobAsync(repository.Path, $"{sha}:nope.yml", Limit, ct);
        var folder = await new Git().ReadBlobAsync(repository.Path, $"{sha}:.wvs", Limit, ct);

        Assert.Equal("job: {script: x}\n", Encoding.UTF8.GetString(Assert.IsType<byte[]>(small?.Content)));
        Assert.True(big is { TooBig: true, Size: Limit + 1 });
        Assert.Null(none);
        Assert.Null(folder);
    }

    /// <summary>git's output: the given text, then (when endless) 'x' for ever; counts the bytes taken.</summary>
    private sealed class EndlessOutput(string text, bool endless = true) : Stream
    {
        private readonly byte[] _start = Encoding.UTF8.GetBytes(text);

        public long BytesRead { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = 0;
            for (; n < buffer.Length; n++, BytesRead++)
            {
                if (BytesRead < _start.Length)
                {
                    buffer[n] = _start[BytesRead];
                }
                else if (endless)
                {
                    buffer[n] = (byte)'x';
                }
                else
                {
                    break;
                }
            }
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
