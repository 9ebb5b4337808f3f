using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WvsMesh.Tokens.Data;

namespace WvsMesh.Tokens.Triggering;

/// <summary>
/// Records trigger-token uses (<c>last_used</c>, source address) after the answer, in batches gathered for
/// <see cref="TokensOptions.UsageFlushInterval"/>, so the trigger path never waits for that write and a busy token costs
/// one write per interval (DESIGN.md, Performance budget). A use lost in a crash only makes <c>last_used</c> older.
/// </summary>
internal sealed class TriggerUsageRecorder(
    TriggerTokenStore triggers, IOptions<TokensOptions> options, TimeProvider clock, ILogger<TriggerUsageRecorder> logger) : BackgroundService
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
            if (options.Value.UsageFlushInterval > TimeSpan.Zero)
            {
                await Task.Delay(options.Value.UsageFlushInterval, clock, stoppingToken);
            }
            // Everything gathered meanwhile, a batch at a time; only the newest use of each token matters.
            while (_uses.Reader.TryRead(out var use))
            {
                batch[use.TriggerId] = use;
                if (batch.Count == BatchSize)
                {
                    await FlushAsync(batch, stoppingToken);
                }
            }
            await FlushAsync(batch, stoppingToken);
        }
    }

    private async Task FlushAsync(Dictionary<long, TriggerUse> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return;
        }
        try
        {
            await triggers.RecordUsesAsync(batch.Values, ct);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException)
        {
            TokensLog.UsageNotRecorded(logger, batch.Count, e);
        }
        batch.Clear();
    }
}
