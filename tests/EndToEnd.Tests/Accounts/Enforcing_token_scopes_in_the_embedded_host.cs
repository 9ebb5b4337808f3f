using System.Diagnostics;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;
using static WvsMesh.EndToEnd.Tests.Accounts.Arrangements;

namespace WvsMesh.EndToEnd.Tests.Accounts;

/// <summary>
/// Token scopes on the all-in-one host (in-memory bus, SQLite), and issue #13's finding 6 there: a request refused for want
/// of authentication is answered before its body is read.
/// </summary>
public sealed class Enforcing_token_scopes_in_the_embedded_host(AllInOneApp app) : TokenScopeScenarios, IClassFixture<AllInOneApp>
{
    protected override GitLabApiClient Root() => app.Api();

    [Fact]
    public async Task Anonymous_post_whose_body_never_ends_is_401_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = app.Api();
        using var body = new StalledBody();
        using var content = new StreamContent(body);
        content.Headers.ContentType = new("application/json");
        content.Headers.ContentLength = 25L * 1024 * 1024;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var clock = Stopwatch.StartNew();

        // #13: the body was parsed before the 401; a body that never ends kept the request (and its memory) forever.
        using var response = await root.Http.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "/api/v4/projects") { Content = content }, HttpCompletionOption.ResponseHeadersRead, timeout.Token);

        Assert.Equal((401, Unauthorized), await response.AnswerAsync(ct));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    /// <summary>The start of a JSON object, then nothing: a client that sent its headers and stalled the body.</summary>
    private sealed class StalledBody : Stream
    {
        public static readonly byte[] Prefix = """{"name":"stalled","import_url":"https://example.com/x.git","padding":" """u8.ToArray();

        private readonly CancellationTokenSource _closed = new();

        private int Sent { get; set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Sent < Prefix.Length)
            {
                var count = Math.Min(buffer.Length, Prefix.Length - Sent);
                Prefix.AsMemory(Sent, count).CopyTo(buffer);
                Sent += count;
                return count;
            }
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
            await Task.Delay(Timeout.Infinite, linked.Token);
            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _closed.Cancel();
                _closed.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
