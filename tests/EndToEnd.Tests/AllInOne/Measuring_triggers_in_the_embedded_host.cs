using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.AllInOne;

/// <summary>
/// The metrics the README tells operators to watch: triggers by outcome, trigger latency, pipelines created, consumer
/// lag. Other tests in this process trigger too, so counts are compared as "at least"; labels are compared exactly.
/// </summary>
public sealed class Measuring_triggers_in_the_embedded_host(AllInOneApp app) : IClassFixture<AllInOneApp>, IDisposable
{
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, string?> Tags)> _measured = [];
    private readonly MeterListener _listener = new();

    [Fact]
    public async Task Triggers_are_counted_by_outcome_and_timed_without_a_token_in_any_label()
    {
        var ct = TestContext.Current.CancellationToken;
        Listen();
        var api = app.Api();
        using var slice = await TriggerSlice.ArrangeAsync(api, ct);
        const string unknownToken = "wvsptt-0123456789abcdef0123456789abcdef0123";

        using (var created = await api.TriggerPipelineAsync(slice.ProjectId.ToString(), slice.Token, "main", ct))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        using (var notFound = await api.TriggerPipelineAsync(slice.ProjectId.ToString(), unknownToken, "main", ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        }
        _listener.RecordObservableInstruments();

        Assert.Contains(_measured, m => m is { Instrument: "wvs.triggers", Value: 1 } && m.Tags.GetValueOrDefault("outcome") == "created");
        Assert.Contains(_measured, m => m is { Instrument: "wvs.triggers", Value: 1 } && m.Tags.GetValueOrDefault("outcome") == "not_found");
        Assert.Contains(_measured, m => m.Instrument == "wvs.trigger.duration" && m.Tags.GetValueOrDefault("outcome") == "created" && m.Value > 0);
        Assert.Contains(_measured, m => m.Instrument == "wvs.pipelines.created" && m.Tags.GetValueOrDefault("source") == "trigger");
        Assert.Contains(_measured, m => m.Instrument == "wvs.bus.consumer.lag" && m.Tags.GetValueOrDefault("message") == "PipelineRequested" && m.Value >= 0);
        // Labels are low-cardinality names: never a token, a digest or a ref.
        var labels = _measured.SelectMany(m => m.Tags.Values).OfType<string>().Distinct().ToList();
        Assert.DoesNotContain(labels, label => label.Contains(slice.Token, StringComparison.Ordinal)
            || label.Contains(unknownToken, StringComparison.Ordinal) || label.Contains("wvsptt-", StringComparison.Ordinal));
    }

    private void Listen()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("WvsMesh.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new Dictionary<string, string?>();
        foreach (var (key, tagValue) in tags)
        {
            labels[key] = tagValue?.ToString();
        }
        _measured.Enqueue((instrument.Name, value, labels));
    }

    public void Dispose() => _listener.Dispose();
}
