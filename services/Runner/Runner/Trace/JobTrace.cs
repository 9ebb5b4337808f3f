using System.Buffers;
using System.Text;

namespace WvsMesh.Runner.Trace;

/// <summary>
/// One job's log as the server will see it: masked, capped at <c>limit</c> bytes (<see cref="DefaultLimit"/>), and split into chunks that
/// start where the server's accepted bytes end. Written by the job's processes, read by the uploader; thread-safe.
/// </summary>
internal sealed class JobTrace(TraceMasker masker, int limit = JobTrace.DefaultLimit)
{
    public const int DefaultLimit = 4 * 1024 * 1024;

    private readonly Lock _lock = new();
    private readonly ArrayBufferWriter<byte> _log = new();
    private long _accepted;
    private bool _truncated;
    private bool _completed;

    /// <summary>Bytes of masked log so far (what the server will eventually hold).</summary>
    public long Length
    {
        get
        {
            lock (_lock)
            {
                return _log.WrittenCount;
            }
        }
    }

    /// <summary>Bytes the server said it holds.</summary>
    public long Accepted
    {
        get
        {
            lock (_lock)
            {
                return _accepted;
            }
        }
    }

    /// <summary>The whole masked log so far.</summary>
    public byte[] ToArray()
    {
        lock (_lock)
        {
            return _log.WrittenSpan.ToArray();
        }
    }

    /// <summary>Adds process output; it is masked before it is kept.</summary>
    public void Write(ReadOnlySpan<byte> output)
    {
        lock (_lock)
        {
            if (!_truncated && !_completed)
            {
                Keep(masker.Push(output));
            }
        }
    }

    /// <summary>Adds one line of the runner's own (masked like everything else).</summary>
    public void WriteLine(string line) => Write(Encoding.UTF8.GetBytes(line + "\n"));

    /// <summary>Ends the log: releases what the masker held back; later writes are dropped.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            if (!_truncated && !_completed)
            {
                Keep(masker.Flush());
            }
            _completed = true;
        }
    }

    /// <summary>The bytes after the accepted ones, at most <paramref name="maxBytes"/> of them; null when the server has everything.</summary>
    public TraceChunk? NextChunk(int maxBytes)
    {
        lock (_lock)
        {
            var available = _log.WrittenCount - _accepted;
            if (available <= 0)
            {
                return null;
            }
            var bytes = new byte[Math.Min(available, maxBytes)];
            _log.WrittenSpan.Slice((int)_accepted, bytes.Length).CopyTo(bytes);
            return new TraceChunk(_accepted, bytes);
        }
    }

    /// <summary>
    /// Records the server's count of accepted bytes, from a 202's or a 416's <c>Range: 0-&lt;n&gt;</c>; the next chunk starts
    /// there. A count beyond what exists is treated as everything.
    /// </summary>
    public void Acknowledge(long accepted)
    {
        lock (_lock)
        {
            _accepted = Math.Clamp(accepted, 0, _log.WrittenCount);
        }
    }

    private void Keep(byte[] masked)
    {
        var room = limit - _log.WrittenCount;
        if (masked.Length <= room)
        {
            _log.Write(masked);
            return;
        }
        _log.Write(masked.AsSpan(0, room));
        // GitLab Runner's wording when its output_limit is reached.
        _log.Write<byte>(Encoding.UTF8.GetBytes($"\nJob's log exceeded limit of {limit} bytes.\nJob execution will continue but no more output will be collected.\n"));
        _truncated = true;
    }
}
