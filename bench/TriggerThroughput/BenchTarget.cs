using System.Globalization;
using WvsMesh.BenchKit;
using WvsMesh.TestKit;

namespace WvsMesh.TriggerThroughput;

/// <summary>
/// One configuration, started and arranged: where its trigger route is, the project and token to send, the processes
/// that serve it (ours, and the PostgreSQL and RabbitMQ servers it uses, whose CPU is counted too), and for a product how
/// many pipelines its project has (<c>X-Total</c> of <c>GET /projects/:id/pipelines</c>).
/// </summary>
internal sealed class BenchTarget(string name, Uri address, string projectId, string token, IReadOnlyList<HostProcess> hosts,
    IReadOnlyList<int> servers, GitLabApiClient? api, Func<ValueTask> stop) : IAsyncDisposable
{
    public string Name { get; } = name;

    public Uri Address { get; } = address;

    public string ProjectId { get; } = projectId;

    public string Token { get; } = token;

    /// <summary>The WvsMesh processes (a baseline's own process, the product's hosts).</summary>
    public IReadOnlyList<HostProcess> Hosts { get; } = hosts;

    /// <summary>Process ids of the PostgreSQL postmaster and RabbitMQ node this configuration uses, where found.</summary>
    public IReadOnlyList<int> Servers { get; } = servers;

    public bool IsProduct => api is not null;

    /// <summary>CPU time so far of the hosts and their children, and of the servers and theirs.</summary>
    public (TimeSpan? Hosts, TimeSpan? Servers) Cpu() =>
        (ProcessTreeCpu.Read(Hosts.Select(host => host.Id)), Servers.Count == 0 ? null : ProcessTreeCpu.Read(Servers));

    /// <summary>The pipelines of the project; null for a baseline.</summary>
    public async Task<long?> CountPipelinesAsync(CancellationToken ct)
    {
        if (api is null)
        {
            return null;
        }
        using var response = await api.GetAsync($"/api/v4/projects/{ProjectId}/pipelines?per_page=1", ct);
        response.EnsureSuccessStatusCode();
        return long.Parse(response.Headers.GetValues("X-Total").Single(), CultureInfo.InvariantCulture);
    }

    /// <summary>Writes each host's last lines to <paramref name="folder"/>; returns the folder.</summary>
    public string SaveLogs(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var host in Hosts)
        {
            File.WriteAllText(Path.Combine(folder, host.Name + ".log"), string.Join('\n', host.Output.Split('\n').TakeLast(200)));
        }
        return folder;
    }

    public ValueTask DisposeAsync() => stop();
}
