using System.Diagnostics;
using System.Globalization;
using System.Net;
using WvsMesh.TestKit;
using Xunit;
using static WvsMesh.EndToEnd.Tests.Hardening.MalformedInput;

namespace WvsMesh.EndToEnd.Tests.Hardening;

/// <summary>
/// #13's fuzz test: seeded, bounded malformed input (<see cref="MalformedInput"/>) — forms, JSON (surrogates, repeated
/// keys, deep nesting, wrong types), multipart, headers, refs, ids, pagination values and hostile CI configurations —
/// against every endpoint family on a real listener. No answer may be a 5xx or take over 5 s, memory stays bounded, and
/// a normal trigger still answers 201 afterwards. Each composition runs it (see the derived classes).
/// <c>WVS_FUZZ_SEED</c> replays a run; the seed is in every message.
/// </summary>
public abstract class FuzzingScenarios
{
    private static readonly TimeSpan SlowAnswer = TimeSpan.FromSeconds(5);

    // {p} the project, {t} a trigger id, {h} a hook id, {i} a fuzzed id, {r} a fuzzed ref, {u} a fuzzed return_to; the
    // README's API table, the gateway's routes and the web UI's.
    private static readonly (string Method, string Path, bool Anonymous)[] Routes =
    [
        ("GET", "/api/v4/user", false), ("POST", "/api/v4/users", false), ("GET", "/api/v4/users/{i}", false),
        ("POST", "/api/v4/users/{i}/block", false), ("POST", "/api/v4/users/{i}/unblock", false),
        ("POST", "/api/v4/users/{i}/personal_access_tokens", false), ("GET", "/api/v4/personal_access_tokens/{i}", false),
        ("DELETE", "/api/v4/personal_access_tokens/{i}", false),
        ("GET", "/api/v4/projects", false), ("POST", "/api/v4/projects", false), ("POST", "/api/v4/projects", true),
        ("POST", "/api/v4/projects/user/{i}", false), ("DELETE", "/api/v4/projects/{i}", false),
        ("GET", "/api/v4/projects/{i}", false), ("PUT", "/api/v4/projects/{i}", false), ("GET", "/api/v4/projects/{p}", false),
        ("PUT", "/api/v4/projects/{p}", false),
        ("GET", "/api/v4/projects/{p}/members", false), ("POST", "/api/v4/projects/{p}/members", false),
        ("GET", "/api/v4/projects/{p}/members/{i}", false),
        ("PUT", "/api/v4/projects/{p}/members/{i}", false), ("DELETE", "/api/v4/projects/{p}/members/{i}", false),
        ("GET", "/api/v4/projects/{p}/protected_branches", false), ("POST", "/api/v4/projects/{p}/protected_branches", false),
        ("GET", "/api/v4/projects/{p}/protected_branches/{r}", false), ("DELETE", "/api/v4/projects/{p}/protected_branches/{r}", false),
        ("GET", "/api/v4/projects/{p}/protected_tags", false), ("POST", "/api/v4/projects/{p}/protected_tags", false),
        ("GET", "/api/v4/projects/{p}/protected_tags/{r}", false), ("DELETE", "/api/v4/projects/{p}/protected_tags/{r}", false),
        ("GET", "/api/v4/projects/{p}/triggers", false), ("POST", "/api/v4/projects/{p}/triggers", false),
        ("GET", "/api/v4/projects/{p}/triggers/{i}", false), ("PUT", "/api/v4/projects/{p}/triggers/{t}", false),
        ("DELETE", "/api/v4/projects/{p}/triggers/{i}", false), ("POST", "/api/v4/projects/{p}/triggers/{i}/rotate", false),
        ("POST", "/api/v4/projects/{p}/trigger/pipeline", true), ("POST", "/api/v4/projects/{i}/trigger/pipeline", true),
        ("POST", "/api/v4/projects/{p}/ref/{r}/trigger/pipeline", true), ("POST", "/api/v4/projects/{i}/ref/{r}/trigger/pipeline", true),
        ("POST", "/api/v4/projects/{p}/ref/{r}/{r}/trigger/pipeline", true),
        ("GET", "/api/v4/projects/{p}/trigger_deliveries", false), ("GET", "/api/v4/projects/{p}/trigger_deliveries/{i}", false),
        ("GET", "/api/v4/projects/{p}/trigger_deliveries/{i}/payload", false),
        ("GET", "/api/v4/projects/{p}/hooks", false), ("POST", "/api/v4/projects/{p}/hooks", false),
        ("GET", "/api/v4/projects/{p}/hooks/{h}", false), ("PUT", "/api/v4/projects/{p}/hooks/{h}", false),
        ("DELETE", "/api/v4/projects/{p}/hooks/{i}", false), ("GET", "/api/v4/projects/{p}/hooks/{h}/events", false),
        ("POST", "/api/v4/projects/{p}/hooks/{h}/events/{i}/resend", false),
        ("POST", "/api/v4/projects/{p}/mirror/pull", false), ("POST", "/api/v4/projects/{i}/mirror/pull", false),
        ("GET", "/api/v4/projects/{p}/pipelines", false), ("GET", "/api/v4/projects/{p}/pipelines/{i}", false),
        ("GET", "/api/v4/projects/{p}/pipelines/{i}/variables", false), ("GET", "/api/v4/projects/{p}/pipelines/{i}/payload", false),
        ("GET", "/api/v4/projects/{p}/pipelines/{i}/jobs", false), ("GET", "/api/v4/projects/{p}/jobs", false),
        ("GET", "/api/v4/projects/{p}/jobs/{i}", false), ("GET", "/api/v4/projects/{p}/jobs/{i}/trace", false),
        ("GET", "/api/v4/projects/{p}/jobs/{i}/variables", false),
        ("GET", "/api/v4/projects/{p}/variables", false), ("POST", "/api/v4/projects/{p}/variables", false),
        ("GET", "/api/v4/projects/{p}/variables/{r}", false),
        ("PUT", "/api/v4/projects/{p}/variables/{r}", false), ("DELETE", "/api/v4/projects/{p}/variables/{r}", false),
        ("GET", "/api/v4/projects/{p}/job_token_scope", false), ("GET", "/api/v4/projects/{p}/job_token_scope/allowlist", false),
        ("POST", "/api/v4/projects/{p}/job_token_scope/allowlist", false),
        ("DELETE", "/api/v4/projects/{p}/job_token_scope/allowlist/{i}", false),
        ("POST", "/api/v4/user/runners", false), ("POST", "/api/v4/runners/verify", true), ("DELETE", "/api/v4/runners", true),
        ("POST", "/api/v4/jobs/request", true), ("PUT", "/api/v4/jobs/{i}", true), ("PATCH", "/api/v4/jobs/{i}/trace", true),
        ("GET", "/users/sign_in?return_to={u}", true), ("POST", "/users/sign_in", true), ("POST", "/users/sign_in", false),
        ("POST", "/users/sign_out", true), ("GET", "/", true), ("GET", "/-/{r}", true), ("GET", "/-/projects/{i}/pipelines", true),
    ];

    /// <summary>The composition's root client (through the gateway).</summary>
    protected abstract GitLabApiClient Root();

    /// <summary>Where the composition listens (the gateway's address, distributed).</summary>
    protected abstract Uri Address();

    /// <summary>Root's personal access token in this composition.</summary>
    protected abstract string RootToken { get; }

    /// <summary>How many fuzzed requests at most, and for how long at most.</summary>
    protected abstract (int Requests, TimeSpan Budget) Bounds { get; }

    /// <summary>Skips (or, on CI, fails) when the composition cannot run here.</summary>
    protected virtual void Require()
    {
    }

    /// <summary>Called before the first fuzzed request, to note what memory is in use.</summary>
    protected virtual void NoteMemory()
    {
    }

    /// <summary>After the run: why memory is beyond the composition's bound, or null when it is within it.</summary>
    protected abstract string? MemoryBeyondBound();

    [Fact]
    public async Task Malformed_input_to_every_endpoint_family_is_answered_below_500_quickly_with_bounded_memory()
    {
        Require();
        var ct = TestContext.Current.CancellationToken;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("WVS_FUZZ_SEED"), CultureInfo.InvariantCulture, out var given) ? given : 1304;
        var random = new Random(seed);
        var api = Root();
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Address() };
        using var slice = await TriggerSlice.ArrangeAsync(api, ct);
        var triggerId = await FirstIdAsync(api, $"/api/v4/projects/{slice.ProjectId}/triggers", ct);
        var hookId = await CreateHookAsync(api, slice.ProjectId, ct);
        var failures = new List<string>();
        NoteMemory();

        await TriggerHostileConfigurationsAsync(client, slice, seed, failures, ct);
        await SignInWithFuzzedReturnPathsAsync(api, seed, failures, ct);
        var (requests, budget) = Bounds;
        var clock = Stopwatch.StartNew();
        var sent = 0;
        for (; sent < requests && clock.Elapsed < budget; sent++)
        {
            var (method, template, anonymous) = Routes[random.Next(Routes.Length)];
            var path = template
                .Replace("{p}", slice.ProjectId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{t}", triggerId, StringComparison.Ordinal)
                .Replace("{h}", hookId, StringComparison.Ordinal)
                .Replace("{i}", Pick(random, Ids), StringComparison.Ordinal)
                .Replace("{r}", Pick(random, Refs), StringComparison.Ordinal)
                .Replace("{u}", Pick(random, ReturnPaths), StringComparison.Ordinal);
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            if (random.Next(3) == 0)
            {
                path += $"{separator}page={Pick(random, PageValues)}&per_page={Pick(random, PageValues)}&{Pick(random, QueryNoise)}";
            }
            else if (method == "POST" && random.Next(3) == 0)
            {
                path += $"{separator}token={Uri.EscapeDataString(slice.Token)}&ref={Pick(random, Refs)}";
            }
            var headers = random.Next(3) == 0 ? new[] { WebhookHeaders[random.Next(WebhookHeaders.Length)] } : [];
            using var body = method == "GET" ? null : Body(random, slice.Token);
            await SendAsync(client, new(method, path, body, anonymous, headers), seed, failures, ct);
        }

        var memory = MemoryBeyondBound();
        // A fresh project: fuzzed requests may have protected the first one's branches or restricted its variables, as they may.
        using var fresh = await TriggerSlice.ArrangeAsync(api, ct);
        using var normal = await api.TriggerPipelineAsync(fresh.ProjectId.ToString(CultureInfo.InvariantCulture), fresh.Token, "main", ct);

        Assert.True(sent >= 200, $"seed {seed}: only {sent} requests in {budget}");
        Assert.True(failures.Count == 0, $"seed {seed}, {failures.Count} of {sent}:\n" + string.Join('\n', failures.Take(40)));
        Assert.True(memory is null, $"seed {seed}: {memory}");
        Assert.True(normal.StatusCode == HttpStatusCode.Created, $"seed {seed}: {normal.StatusCode} {await normal.Content.ReadAsStringAsync(ct)}");
    }

    /// <summary>Branches whose CI file is huge, deeply nested, an alias bomb or a backtracking regex, each triggered.</summary>
    private async Task TriggerHostileConfigurationsAsync(HttpClient client, TriggerSlice slice, int seed, List<string> failures, CancellationToken ct)
    {
        var configs = HostileConfigurations();
        foreach (var (branch, config) in configs)
        {
            slice.Repository.Git("checkout", "-q", "-b", branch, "main");
            slice.Repository.Commit(".wvs/root-ci.yml", config, branch);
        }
        slice.Repository.Git("checkout", "-q", "main");
        foreach (var branch in configs.Keys)
        {
            using var body = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["token"] = slice.Token,
                ["ref"] = branch,
                ["variables[V]"] = new string('a', 30_000) + "b",
            });
            await SendAsync(client, new("POST", $"/api/v4/projects/{slice.ProjectId}/trigger/pipeline", body, true, []), seed, failures, ct);
        }
    }

    /// <summary>Whole sign-ins (the form's token, a real user's password) with each fuzzed <c>return_to</c>, which the redirect carries.</summary>
    private async Task SignInWithFuzzedReturnPathsAsync(GitLabApiClient api, int seed, List<string> failures, CancellationToken ct)
    {
        var (_, username, _) = await api.CreateUserAsync(null, ct);
        foreach (var returnTo in ReturnPaths.Select(Uri.UnescapeDataString))
        {
            using var browser = Ui.Browser.At(Address());
            var clock = Stopwatch.StartNew();
            using var answer = await browser.SignInAsync(username, GitLabApiClient.Password, ct, returnTo);
            if ((int)answer.StatusCode >= 500 || clock.Elapsed > SlowAnswer)
            {
                failures.Add($"sign-in to {returnTo[..Math.Min(returnTo.Length, 60)]} → {(int)answer.StatusCode} in {clock.Elapsed.TotalSeconds:0.0} s (seed {seed})");
            }
        }
    }

    private sealed record FuzzedRequest(string Method, string Path, HttpContent? Body, bool Anonymous, (string Name, string Value)[] Headers);

    private async Task SendAsync(HttpClient client, FuzzedRequest fuzzed, int seed, List<string> failures, CancellationToken ct)
    {
        // Sent exactly as written: HttpClient would otherwise resolve "..", and DELETE …/members/.. become DELETE the project.
        var target = new Uri(client.BaseAddress + fuzzed.Path.TrimStart('/'), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(new HttpMethod(fuzzed.Method), target) { Content = fuzzed.Body };
        if (!fuzzed.Anonymous)
        {
            request.Headers.Add("PRIVATE-TOKEN", RootToken);
        }
        foreach (var (name, value) in fuzzed.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                _ = request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }
        var described = $"{fuzzed.Method} {fuzzed.Path} [{fuzzed.Body?.Headers.ContentType}] {string.Join(", ", fuzzed.Headers.Select(h => h.Name + ": " + h.Value[..Math.Min(h.Value.Length, 40)]))}";
        var clock = Stopwatch.StartNew();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(SlowAnswer * 3);
            using var response = await client.SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{described} → {(int)response.StatusCode} {text[..Math.Min(text.Length, 200)]}");
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            failures.Add($"{described} → {e.GetType().Name}: {e.Message}");
        }
        if (clock.Elapsed > SlowAnswer)
        {
            failures.Add($"{described} took {clock.Elapsed.TotalSeconds:0.0} s (seed {seed})");
        }
    }

    private static async Task<string> FirstIdAsync(GitLabApiClient api, string path, CancellationToken ct)
    {
        using var response = await api.GetAsync(path, ct);
        var list = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))?.AsArray();
        return list?[0]?["id"]?.ToString() ?? throw new InvalidOperationException("nothing listed at " + path);
    }

    private static async Task<string> CreateHookAsync(GitLabApiClient api, long projectId, CancellationToken ct)
    {
        using var response = await api.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/hooks", ct,
            ("url", "https://hooks.example.com/x"), ("pipeline_events", "true"));
        // An address this machine cannot resolve may be refused; the hook routes are fuzzed with a made-up id then.
        var hook = response.StatusCode == HttpStatusCode.Created ? await response.Content.ReadAsStringAsync(ct) : null;
        return hook is null ? "424242" : System.Text.Json.Nodes.JsonNode.Parse(hook)?["id"]?.ToString() ?? "424242";
    }
}
