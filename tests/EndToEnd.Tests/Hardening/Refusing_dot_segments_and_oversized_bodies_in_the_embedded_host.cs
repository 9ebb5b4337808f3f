using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;

namespace WvsMesh.EndToEnd.Tests.Hardening;

/// <summary>Dot segments and body limits on the all-in-one host, on a real Kestrel listener.</summary>
public sealed class Refusing_dot_segments_and_oversized_bodies_in_the_embedded_host : DotSegmentAndBodyLimitScenarios, IAsyncDisposable
{
    private readonly AllInOneApp _app = AllInOneApp.OnKestrel();

    protected override GitLabApiClient Root() => _app.Api();

    protected override Uri Address() => _app.CreateClient().BaseAddress ?? throw new InvalidOperationException("no listener");

    protected override string RootToken => AllInOneApp.RootToken;

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
