using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Hardening;

/// <summary>
/// #13's fuzz test: seeded, bounded malformed input — forms, JSON (surrogates, repeated keys, deep nesting, wrong types),
/// multipart, refs, ids, pagination values and hostile CI configurations — against every endpoint family of the
/// all-in-one host on a real listener. No answer may be a 5xx or take over 5 s, the process's memory stays bounded,
/// and a normal trigger still answers 201 afterwards. <c>WVS_FUZZ_SEED</c> replays a run; the seed is in every message.
/// </summary>
public sealed class Fuzzing_every_endpoint_family : IAsyncDisposable
{
    private const int Requests = 3000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan SlowAnswer = TimeSpan.FromSeconds(5);
    private const long MemoryGrowthLimit = 768L * 1024 * 1024;

    private readonly AllInOneApp _app = AllInOneApp.OnKestrel();

    // {p} the project, {t} a trigger id, {h} a hook id, {i} a fuzzed id, {r} a fuzzed ref; the route families of the README's API table.
    private static readonly (string Method, string Path, bool Anonymous)[] Routes =
    [
        ("GET", "/api/v4/user", false), ("POST", "/api/v4/users", false), ("GET", "/api/v4/users/{i}", false),
        ("POST", "/api/v4/users/{i}/personal_access_tokens", false), ("GET", "/api/v4/personal_access_tokens/{i}", false),
        ("DELETE", "/api/v4/personal_access_tokens/{i}", false),
        ("GET", "/api/v4/projects", false), ("POST", "/api/v4/projects", false), ("POST", "/api/v4/projects", true),
        ("GET", "/api/v4/projects/{i}", false), ("PUT", "/api/v4/projects/{i}", false), ("GET", "/api/v4/projects/{p}", false),
        ("GET", "/api/v4/projects/{p}/members", false), ("POST", "/api/v4/projects/{p}/members", false),
        ("PUT", "/api/v4/projects/{p}/members/{i}", false), ("DELETE", "/api/v4/projects/{p}/members/{i}", false),
        ("GET", "/api/v4/projects/{p}/protected_branches", false), ("POST", "/api/v4/projects/{p}/protected_branches", false),
        ("DELETE", "/api/v4/projects/{p}/protected_branches/{r}", false),
        ("GET", "/api/v4/projects/{p}/protected_tags", false), ("POST", "/api/v4/projects/{p}/protected_tags", false),
        ("GET", "/api/v4/projects/{p}/triggers", false), ("POST", "/api/v4/projects/{p}/triggers", false),
        ("GET", "/api/v4/projects/{p}/triggers/{i}", false), ("PUT", "/api/v4/projects/{p}/triggers/{t}", false),
        ("DELETE", "/api/v4/projects/{p}/triggers/{i}", false), ("POST", "/api/v4/projects/{p}/triggers/{i}/rotate", false),
        ("POST", "/api/v4/projects/{p}/trigger/pipeline", true), ("POST", "/api/v4/projects/{i}/trigger/pipeline", true),
        ("POST", "/api/v4/projects/{p}/ref/{r}/trigger/pipeline", true),
        ("GET", "/api/v4/projects/{p}/trigger_deliveries", false), ("GET", "/api/v4/projects/{p}/trigger_deliveries/{i}", false),
        ("GET", "/api/v4/projects/{p}/hooks", false), ("POST", "/api/v4/projects/{p}/hooks", false),
        ("PUT", "/api/v4/projects/{p}/hooks/{h}", false), ("GET", "/api/v4/projects/{p}/hooks/{h}/events", false),
        ("GET", "/api/v4/projects/{p}/pipelines", false), ("GET", "/api/v4/projects/{p}/pipelines/{i}", false),
        ("GET", "/api/v4/projects/{p}/pipelines/{i}/variables", false), ("GET", "/api/v4/projects/{p}/jobs", false),
        ("GET", "/api/v4/projects/{p}/jobs/{i}/trace", false),
        ("GET", "/api/v4/projects/{p}/variables", false), ("POST", "/api/v4/projects/{p}/variables", false),
        ("PUT", "/api/v4/projects/{p}/variables/{r}", false), ("DELETE", "/api/v4/projects/{p}/variables/{r}", false),
        ("GET", "/api/v4/projects/{p}/job_token_scope/allowlist", false),
        ("POST", "/api/v4/projects/{p}/job_token_scope/allowlist", false),
        ("POST", "/api/v4/user/runners", false), ("POST", "/api/v4/runners/verify", true), ("POST", "/api/v4/jobs/request", true),
        ("PUT", "/api/v4/jobs/{i}", true), ("PATCH", "/api/v4/jobs/{i}/trace", true),
    ];

    private static readonly string[] Fields =
    [
        "token", "ref", "variables", "description", "name", "path", "import_url", "key", "value", "url", "user_id",
        "access_level", "target_project_id", "scopes", "expires_at", "allowed_refs", "signing_secret", "push_access_level",
        "variable_type", "masked", "protected", "runner_type", "default_branch", "email", "username", "password", "id", "state",
    ];

    private static readonly string[] Ids =
    [
        "-1", "0", "2147483648", "9223372036854775807", "9223372036854775808", "99999999999999999999", "abc", "1e3", "0x10",
        "%2E%2E", "%2e", "..", "root%2F..%2F..", "%00", "1%00", "%FF%FE", "%25", "99999999", " 7", "7.5", "%2F",
    ];

    private static readonly string[] Refs =
    [
        "main", "..", "refs%2Fheads%2F..%2Fx", "a%00b", "%0A", "-", "@{0}", "HEAD", "main.lock", "%E2%80%AE", "x%20y",
        "feature%2F..%2F..%2Fetc", "%2E%2E%2Fmain", "*", "[",
    ];

    private static readonly string[] PageValues =
    [
        "-1", "0", "2147483648", "9223372036854775808", "1e9", "abc", "", "%00", "101", "100000", "NaN", "-9223372036854775808",
    ];

    [Fact]
    public async Task Malformed_input_to_every_endpoint_family_is_answered_below_500_quickly_with_bounded_memory()
    {
        var ct = TestContext.Current.CancellationToken;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("WVS_FUZZ_SEED"), CultureInfo.InvariantCulture, out var given) ? given : 1304;
        var random = new Random(seed);
        var api = _app.Api();
        using var slice = await TriggerSlice.ArrangeAsync(api, ct);
        var triggerId = await FirstIdAsync(api, $"/api/v4/projects/{slice.ProjectId}/triggers", ct);
        var hookId = await CreateHookAsync(api, slice.ProjectId, ct);
        var failures = new List<string>();
        var memoryBefore = SettledMemory();

        await TriggerHostileConfigurationsAsync(api, slice, failures, ct);
        var clock = Stopwatch.StartNew();
        var sent = 0;
        for (; sent < Requests && clock.Elapsed < Budget; sent++)
        {
            var (method, template, anonymous) = Routes[random.Next(Routes.Length)];
            var path = template
                .Replace("{p}", slice.ProjectId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{t}", triggerId, StringComparison.Ordinal)
                .Replace("{h}", hookId, StringComparison.Ordinal)
                .Replace("{i}", Pick(random, Ids), StringComparison.Ordinal)
                .Replace("{r}", Pick(random, Refs), StringComparison.Ordinal);
            if (random.Next(3) == 0)
            {
                path += $"?page={Pick(random, PageValues)}&per_page={Pick(random, PageValues)}";
            }
            else if (method == "POST" && random.Next(3) == 0)
            {
                path += $"?token={Uri.EscapeDataString(slice.Token)}&ref={Pick(random, Refs)}";
            }
            await SendAsync(method, path, method == "GET" ? null : Body(random, slice.Token), anonymous, seed, failures, ct);
        }

        var memoryGrowth = SettledMemory() - memoryBefore;
        // A fresh project: fuzzed requests may have protected the first one's branches or restricted its variables, as they may.
        using var fresh = await TriggerSlice.ArrangeAsync(api, ct);
        using var normal = await api.TriggerPipelineAsync(fresh.ProjectId.ToString(CultureInfo.InvariantCulture), fresh.Token, "main", ct);

        Assert.True(sent >= 200, $"seed {seed}: only {sent} requests in {Budget}");
        Assert.True(failures.Count == 0, $"seed {seed}, {failures.Count} of {sent}:\n" + string.Join('\n', failures.Take(40)));
        Assert.True(memoryGrowth < MemoryGrowthLimit, $"seed {seed}: memory grew by {memoryGrowth / (1024 * 1024)} MiB");
        Assert.True(normal.StatusCode == HttpStatusCode.Created, $"seed {seed}: {normal.StatusCode} {await normal.Content.ReadAsStringAsync(ct)}");
    }

    /// <summary>Branches whose CI file is huge, deeply nested, an alias bomb or a backtracking regex, each triggered.</summary>
    private async Task TriggerHostileConfigurationsAsync(GitLabApiClient api, TriggerSlice slice, List<string> failures, CancellationToken ct)
    {
        var configs = new Dictionary<string, string>
        {
            ["fuzz-huge"] = "job:\n  script: echo hi\n" + string.Concat(Enumerable.Repeat("# " + new string('x', 1000) + "\n", 2200)),
            ["fuzz-deep"] = "job:\n  script: " + new string('[', 10_000) + "\n",
            ["fuzz-deep-map"] = "job:\n  script: " + string.Concat(Enumerable.Repeat("{a: ", 5000)) + "\n",
            ["fuzz-bomb"] = AliasBomb(),
            ["fuzz-regex"] = string.Concat(Enumerable.Range(0, 12).Select(i => $"job{i}:\n  script: echo\n  rules:\n    - if: $V =~ /^(a+)+$/\n")),
        };
        foreach (var (branch, config) in configs)
        {
            slice.Repository.Git("checkout", "-q", "-b", branch, "main");
            slice.Repository.Commit(".wvs/root-ci.yml", config, branch);
        }
        slice.Repository.Git("checkout", "-q", "main");
        foreach (var branch in configs.Keys)
        {
            var body = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["token"] = slice.Token,
                ["ref"] = branch,
                ["variables[V]"] = new string('a', 30_000) + "b",
            });
            await SendAsync("POST", $"/api/v4/projects/{slice.ProjectId}/trigger/pipeline", body, true, 0, failures, ct);
        }
    }

    private static string AliasBomb()
    {
        var yaml = new StringBuilder("a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }
        return yaml.Append("job:\n  script: echo\n  variables:\n    X: *a9\n").ToString();
    }

    private async Task SendAsync(string method, string path, HttpContent? body, bool anonymous, int seed, List<string> failures, CancellationToken ct)
    {
        // Sent exactly as written: HttpClient would otherwise resolve "..", and DELETE …/members/.. become DELETE the project.
        var client = _app.CreateClient();
        var target = new Uri(client.BaseAddress + path.TrimStart('/'), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(new HttpMethod(method), target) { Content = body };
        if (!anonymous)
        {
            request.Headers.Add("PRIVATE-TOKEN", AllInOneApp.RootToken);
        }
        var described = $"{method} {path} [{body?.Headers.ContentType}]";
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

    private static ByteArrayContent? Body(Random random, string token) => random.Next(9) switch
    {
        0 => null,
        1 => Json(JsonObjectOf(random, token)),
        2 => Json(Pick(random, MalformedJson)),
        3 => Json(new string('[', 10_000) + new string(']', 10_000)),
        4 => new StringContent(FormOf(random, token), Encoding.UTF8, "application/x-www-form-urlencoded"),
        5 => Multipart(random, token),
        6 => new ByteArrayContent([0xFF, 0xFE, 0x7B, 0x22, 0xC3, 0x28, 0x22, 0x7D]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        7 => Raw(Pick(random, MalformedJson), Pick(random, ContentTypes)),
        _ => Json(JsonObjectOf(random, token)),
    };

    private static readonly string[] MalformedJson =
    [
        """{"token":"\ud800","ref":"main"}""", """{"ref":"a","ref":"b"}""", """{"variables":{"\udfff":"x"}}""", """{"description":""",
        """[1,2,3]""", "42", "\"text\"", "null", """{"variables":[1,2]}""", """{"variables":"x"}""", """{"variables":{"K":{"a":1}}}""",
        """{"access_level":"owner","user_id":[1]}""", """{"scopes":{"a":1},"name":null}""", """{"page":9223372036854775808}""",
        """{"ref":"\u0000"}""", """{"a":1,}""", "{", """{"description":"\ud800\ud800"}""", """{"expires_at":"9999-99-99"}""",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json; charset=utf-16", "text/plain", "application/x-www-form-urlencoded; charset=bogus",
        "multipart/form-data", "multipart/form-data; boundary=", "application/vnd.x+json", "application/octet-stream",
    ];

    private static string JsonObjectOf(Random random, string token)
    {
        var parts = new List<string> { $"\"token\":\"{token}\"" };
        for (var i = random.Next(1, 6); i > 0; i--)
        {
            parts.Add($"\"{Pick(random, Fields)}\":{JsonValueOf(random)}");
        }
        return "{" + string.Join(',', parts) + "}";
    }

    private static string JsonValueOf(Random random) => random.Next(10) switch
    {
        0 => "null",
        1 => "true",
        2 => "-9223372036854775809",
        3 => "[\"a\",1,null,{}]",
        4 => "{\"K\":\"v\",\"1BAD\":\"x\"}",
        5 => "\"" + new string('x', 5000) + "\"",
        6 => "\"../../../etc/passwd\"",
        7 => "\"http://169.254.169.254/latest\"",
        8 => "1.5e308",
        _ => "\"main\"",
    };

    private static string FormOf(Random random, string token) => random.Next(5) switch
    {
        0 => $"token={token}&ref=main&variables[=x&variables]]=y",
        1 => "token=%ZZ&ref=%&variables%5BK%5D=%00",
        2 => string.Join('&', Enumerable.Range(0, 2000).Select(i => $"variables[K{i}]=v")) + $"&token={token}&ref=main",
        3 => $"token={token}&ref={new string('a', 4096)}&{Pick(random, Fields)}=%F0%9F",
        _ => $"{Pick(random, Fields)}=1&{Pick(random, Fields)}[]=a&{Pick(random, Fields)}[x][y]=b&token={token}",
    };

    private static ByteArrayContent Multipart(Random random, string token)
    {
        var boundary = random.Next(3) == 0 ? new string('b', 5000) : "fuzz" + random.Next(1000).ToString(CultureInfo.InvariantCulture);
        var text = random.Next(2) == 0
            ? $"--{boundary}\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"ref\"\r\n\r\nma"
            : $"--{boundary}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--{boundary}--\r\n";
        return Raw(text, $"multipart/form-data; boundary={boundary}");
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static ByteArrayContent Raw(string text, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    private static long SettledMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
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

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
