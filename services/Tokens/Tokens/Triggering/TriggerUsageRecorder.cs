using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WvsMesh.Tokens.Data;

namespace WvsMesh.Tokens.Triggering;

/// <summary>
/// Records trigger-token uses (<c>last_used</c>, source address) after the answer, in batches, so the trigger path
/// never waits for that write (DESIGN.md, Performance budget). A use lost in a crash only makes <c>last_used</c> older.
/// </summary>
internal sealed class TriggerUsageRecorder(TriggerTokenStore triggers, ILogger<TriggerUsageRecorder> logger) : BackgroundService
{
    private const int BatchSize = 256;

    private readonly Channel<TriggerUse> _uses = Channel.CreateBounded<TriggerUse>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public void Record(TriggerUse use) => _uses.Writer.TryWrite(use);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new Dictionary<long, TriggerUse>();
        while (await _uses.Reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < BatchSize && _uses.Reader.TryRead(out var use))
            {
                // Only the newest use of each token matters.
                batch[use.TriggerId] = use;
            }
            try
            {
                await triggers.RecordUsesAsync(batch.Values, stoppingToken);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException)
            {
                TokensLog.UsageNotRecorded(logger, batch.Count, e);
            }
            batch.Clear();
        }
    }
}
