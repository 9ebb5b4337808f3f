using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Webhooks;

/// <summary>The webhook form's cases on the all-in-one host (in-memory bus, SQLite).</summary>
public sealed class Triggering_through_a_webhook_in_the_embedded_host(AllInOneApp app) : WebhookTriggerScenarios, IClassFixture<AllInOneApp>
{
    protected override GitLabApiClient Root() => app.Api();
}
