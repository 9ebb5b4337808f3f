using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace WvsMesh.EndToEnd.Tests.Hardening;

/// <summary>#13's malformed input, drawn from one seeded <see cref="Random"/>: ids, refs, page values, bodies, headers, CI files.</summary>
internal static class MalformedInput
{
    public static readonly string[] Fields =
    [
        "token", "ref", "variables", "description", "name", "path", "import_url", "key", "value", "url", "user_id",
        "access_level", "target_project_id", "scopes", "expires_at", "allowed_refs", "signing_secret", "push_access_level",
        "variable_type", "masked", "protected", "runner_type", "default_branch", "email", "username", "password", "id", "state",
        "return_to", "authenticity_token", "pipeline_events", "environment_scope", "create_access_level",
    ];

    public static readonly string[] Ids =
    [
        "-1", "0", "2147483648", "9223372036854775807", "9223372036854775808", "99999999999999999999", "abc", "1e3", "0x10",
        "%2E%2E", "%2e", "..", "root%2F..%2F..", "%00", "1%00", "%FF%FE", "%25", "99999999", " 7", "7.5", "%2F", "%C3%BC",
        "%ED%A0%80",
    ];

    public static readonly string[] Refs =
    [
        "main", "..", "refs%2Fheads%2F..%2Fx", "a%00b", "%0A", "-", "@{0}", "HEAD", "main.lock", "%E2%80%AE", "x%20y",
        "feature%2F..%2F..%2Fetc", "%2E%2E%2Fmain", "*", "[", "%C3%BC", "%ED%A0%80", "%F0%9F",
    ];

    public static readonly string[] PageValues =
    [
        "-1", "0", "2147483648", "9223372036854775808", "1e9", "abc", "", "%00", "101", "100000", "NaN", "-9223372036854775808",
    ];

    /// <summary>Query parameters beside the page ones, which list links (<c>Link</c>) carry back: beyond ASCII, broken escapes, filters.</summary>
    public static readonly string[] QueryNoise =
    [
        "%C3%BC=%ED%A0%80", "x=%", "ref=%FF", "scope[]=a&scope[]=%00", "status=%27", "sha=" + new string('f', 3000), "source=%0D%0A",
        "order_by=id&sort=sideways", "%00=%00", "page=1&page=2",
    ];

    /// <summary>Values of the sign-in page's <c>return_to</c>: beyond ASCII, another site, broken encodings.</summary>
    public static readonly string[] ReturnPaths =
    [
        "%2F%C3%BC", "%2Fprojects%2F%C3%A4%3Fx%3D%C3%B6", "%2F%2Fevil.example", "%2F%5Cevil", "javascript%3Aalert(1)",
        "%2F%ED%A0%80", "%2F%00", "%2F%0D%0ALocation%3A%20x", "%2F" + new string('a', 3000), "%FF",
    ];

    /// <summary>Headers the webhook form and the trigger routes read, with values they must refuse or ignore.</summary>
    public static readonly (string Name, string Value)[] WebhookHeaders =
    [
        ("X-Gitlab-Event", "Pipeline Hook"), ("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Event-UUID", new string('u', 5000)),
        ("X-GitHub-Delivery", ""), ("X-Hub-Signature-256", "sha256=zz"), ("X-Hub-Signature-256", "sha256="),
        ("webhook-id", "x"), ("webhook-timestamp", "99999999999999999999"), ("webhook-timestamp", "-1"),
        ("webhook-signature", "v1,!!!"), ("webhook-signature", "v1," + new string('A', 5000)), ("Idempotency-Key", new string('k', 5000)),
        ("If-Unmodified-Since", "not a date"), ("X-Gitlab-Token", "wvsptt-" + new string('z', 300)), ("Content-Range", "bytes=9-1"),
    ];

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

    public static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    public static ByteArrayContent? Body(Random random, string token) => random.Next(9) switch
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

    /// <summary>CI files for branches of their own: huge, deeply nested, an alias bomb, a backtracking regex.</summary>
    public static Dictionary<string, string> HostileConfigurations() => new()
    {
        ["fuzz-huge"] = "job:\n  script: echo hi\n" + string.Concat(Enumerable.Repeat("# " + new string('x', 1000) + "\n", 2200)),
        ["fuzz-deep"] = "job:\n  script: " + new string('[', 10_000) + "\n",
        ["fuzz-deep-map"] = "job:\n  script: " + string.Concat(Enumerable.Repeat("{a: ", 5000)) + "\n",
        ["fuzz-bomb"] = AliasBomb(),
        ["fuzz-regex"] = string.Concat(Enumerable.Range(0, 12).Select(i => $"job{i}:\n  script: echo\n  rules:\n    - if: $V =~ /^(a+)+$/\n")),
    };

    private static string AliasBomb()
    {
        var yaml = new StringBuilder("a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }
        return yaml.Append("job:\n  script: echo\n  variables:\n    X: *a9\n").ToString();
    }

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

    private static string FormOf(Random random, string token) => random.Next(6) switch
    {
        0 => $"token={token}&ref=main&variables[=x&variables]]=y",
        1 => "token=%ZZ&ref=%&variables%5BK%5D=%00",
        2 => string.Join('&', Enumerable.Range(0, 2000).Select(i => $"variables[K{i}]=v")) + $"&token={token}&ref=main",
        3 => $"token={token}&ref={new string('a', 4096)}&{Pick(random, Fields)}=%F0%9F",
        4 => $"authenticity_token=x&username=root&password=x&return_to={Pick(random, ReturnPaths)}",
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
}
