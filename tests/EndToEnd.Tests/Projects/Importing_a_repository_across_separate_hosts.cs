using WvsMesh.EndToEnd.Tests.Distributed;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Projects;

/// <summary>
/// The same imports through the gateway, checked by a separate Tokens host at creation and a separate Pipelines host at
/// every clone, each knowing only its own data directory. This composition runs with <c>Imports__AllowLocalRequests</c>
/// on (jobs check out repositories the tests serve on 127.0.0.1), so users' local-network URLs are accepted here.
/// </summary>
[Collection(DistributedComposition.Name)]
public sealed class Importing_a_repository_across_separate_hosts(DistributedHosts hosts) : ImportingScenarios
{
    protected override GitLabApiClient Root() => hosts.Api();

    protected override void Require() => hosts.Require();

    protected override string DataDirectory(string service) => hosts.DataDirectory(service);

    protected override bool LocalRequestsAllowed => true;
}
