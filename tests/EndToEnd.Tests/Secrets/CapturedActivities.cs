using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace WvsMesh.EndToEnd.Tests.Secrets;

/// <summary>
/// Every activity (span) any source in this process stops while it listens, as text: names, tags, events, baggage and
/// status — what an exporter would ship. Other tests' spans land here too; a test searches them for its own secrets only.
/// </summary>
public sealed class CapturedActivities : IDisposable
{
    private readonly ConcurrentQueue<string> _spans = new();
    private readonly ActivityListener _listener;

    public CapturedActivities()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => _spans.Enqueue(Describe(activity)),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<string> Spans => [.. _spans];

    public void Dispose() => _listener.Dispose();

    private static string Describe(Activity activity)
    {
        var text = new StringBuilder()
            .Append(activity.Source.Name).Append(' ').Append(activity.OperationName).Append(' ').Append(activity.DisplayName)
            .Append(' ').Append(activity.Status).Append(' ').Append(activity.StatusDescription);
        foreach (var (key, value) in activity.TagObjects)
        {
            text.Append(' ').Append(key).Append('=').Append(value);
        }
        foreach (var (key, value) in activity.Baggage)
        {
            text.Append(" baggage ").Append(key).Append('=').Append(value);
        }
        foreach (var activityEvent in activity.Events)
        {
            text.Append(" event ").Append(activityEvent.Name);
            foreach (var (key, value) in activityEvent.Tags)
            {
                text.Append(' ').Append(key).Append('=').Append(value);
            }
        }
        return text.ToString();
    }
}
