using System.Net;
using System.Text.Json.Nodes;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Ui;

/// <summary>
/// #7, the server side of the web UI in the all-in-one host: a sign-in form guarded by a double-submit token, a signed
/// session cookie, pages only for signed-in users, the same <c>/api/v4</c> behind the cookie with a CSRF header on every
/// unsafe call, sign-out, no open redirect, throttled guessing, and no password in any log.
/// </summary>
public sealed class Signing_in_to_the_web_ui(AllInOneApp app) : IClassFixture<AllInOneApp>
{
    private const string Password = GitLabApiClient.Password;
    private const string InvalidCredentials = "Invalid username or password.";
    private const string InvalidCsrf = """{"message":"403 Forbidden - invalid CSRF token"}""";

    private readonly GitLabApiClient _root = app.Api();

    private Browser NewBrowser() => Browser.Over(app.CreateClient);

    [Fact]
    public async Task Sign_in_page_has_the_form_and_sets_the_forgery_cookie()
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = NewBrowser();

        using var page = await browser.GetAsync("/users/sign_in", ct);
        var html = await page.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.ContentType()?.MediaType);
        Assert.Contains("<main", html, StringComparison.Ordinal);
        Assert.Contains("""<form id="sign-in" method="post" action="/users/sign_in">""", html, StringComparison.Ordinal);
        Assert.Contains("""<label for="username">""", html, StringComparison.Ordinal);
        Assert.Contains("""<input id="username" name="username" type="text" """, html, StringComparison.Ordinal);
        Assert.Contains("""<label for="password">""", html, StringComparison.Ordinal);
        Assert.Contains("""<input id="password" name="password" type="password" """, html, StringComparison.Ordinal);
        Assert.Contains(""">Sign in</button>""", html, StringComparison.Ordinal);
        Assert.Contains("""<link rel="stylesheet" href="/-/assets/app.css">""", html, StringComparison.Ordinal);
        Assert.DoesNotContain("role=\"alert\"", html, StringComparison.Ordinal);
        var cookie = browser.SetCookieOf(Browser.ForgeryCookie) ?? throw new InvalidOperationException("no forgery cookie set");
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/users", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(browser.Cookies[Browser.ForgeryCookie], Browser.HiddenField(html, "authenticity_token"));
        Assert.Equal("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'",
            page.Header("Content-Security-Policy"));
    }

    [Fact]
    public async Task Wrong_password_is_401_with_the_alert_and_no_session()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, username, _) = await _root.CreateUserAsync(null, ct);
        using var browser = NewBrowser();

        using var answer = await browser.SignInAsync(username, "not-the-password", ct);
        var html = await answer.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Contains($"""role="alert">{InvalidCredentials}</p>""", html, StringComparison.Ordinal);
        Assert.Contains("""<form id="sign-in" method="post" action="/users/sign_in" """.TrimEnd(), html, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", html, StringComparison.Ordinal);
        Assert.Null(browser.SetCookieOf(Browser.SessionCookie));
        Assert.False(browser.Cookies.ContainsKey(Browser.SessionCookie));
    }

    [Fact]
    public async Task Unknown_user_user_without_password_and_blocked_user_get_the_same_refusal()
    {
        var ct = TestContext.Current.CancellationToken;
        var withoutPassword = "nopass-" + Guid.NewGuid().ToString("N")[..8];
        using var created = await _root.SendFormAsync(HttpMethod.Post, "/api/v4/users", ct,
            ("username", withoutPassword), ("name", withoutPassword), ("email", $"{withoutPassword}@example.com"));
        await GitLabApiClient.ExpectAsync(created, HttpStatusCode.Created, ct);
        var (blockedId, blocked, _) = await _root.CreateUserAsync(null, ct);
        using var blocking = await _root.SendAsync(HttpMethod.Post, $"/api/v4/users/{blockedId}/block", null, ct);
        Assert.Equal(HttpStatusCode.Created, blocking.StatusCode);

        var answers = new List<(HttpStatusCode, bool, bool)>();
        foreach (var (username, password) in new[] { ("nobody-" + Guid.NewGuid().ToString("N")[..8], Password), (withoutPassword, ""), (withoutPassword, Password), (blocked, Password) })
        {
            using var browser = NewBrowser();
            using var answer = await browser.SignInAsync(username, password, ct);
            var html = await answer.Content.ReadAsStringAsync(ct);
            answers.Add((answer.StatusCode, html.Contains(InvalidCredentials, StringComparison.Ordinal), browser.Cookies.ContainsKey(Browser.SessionCookie)));
        }

        Assert.All(answers, answer => Assert.Equal((HttpStatusCode.Unauthorized, true, false), answer));
    }

    [Theory]
    [InlineData("missing field", null, true)]
    [InlineData("wrong field", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", true)]
    [InlineData("no cookie", "", false)]
    public async Task Sign_in_without_the_matching_authenticity_token_is_refused_without_a_session(string situation, string? field, bool keepCookie)
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, username, _) = await _root.CreateUserAsync(null, ct);
        using var browser = NewBrowser();
        var token = await browser.OpenSignInAsync(ct);
        if (!keepCookie)
        {
            browser.SetCookie(Browser.ForgeryCookie, "");
            browser.SetCookie("other", "x");
        }
        var fields = new List<(string, string)> { ("username", username), ("password", Password) };
        if (field is not null)
        {
            fields.Add(("authenticity_token", field.Length == 0 ? token : field));
        }

        using var answer = await browser.PostFormAsync("/users/sign_in", ct, [.. fields]);

        Assert.True(answer.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"{situation}: {answer.StatusCode}");
        Assert.Null(browser.SetCookieOf(Browser.SessionCookie));
        using var user = await browser.GetAsync("/api/v4/user", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, user.StatusCode);
    }

    [Fact]
    public async Task Signing_in_sets_a_session_cookie_and_answers_303()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, username, _) = await _root.CreateUserAsync(null, ct);
        using var browser = NewBrowser();

        using var answer = await browser.SignInAsync(username, Password, ct);

        Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode);
        Assert.Equal("/", answer.Headers.Location?.OriginalString);
        var cookie = browser.SetCookieOf(Browser.SessionCookie) ?? throw new InvalidOperationException("no session cookie set");
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/;", cookie + ";", StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        var expires = DateTimeOffset.Parse(cookie.Split(';').Single(part => part.Trim().StartsWith("expires=", StringComparison.OrdinalIgnoreCase)).Split('=')[1],
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromHours(7.9), TimeSpan.FromHours(8.1));
    }

    [Theory]
    [InlineData("/", "/users/sign_in?return_to=%2F")]
    [InlineData("/-/projects/5/pipelines?page=2", "/users/sign_in?return_to=%2F-%2Fprojects%2F5%2Fpipelines%3Fpage%3D2")]
    public async Task Pages_send_a_visitor_without_a_session_to_sign_in(string path, string location)
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = NewBrowser();
        browser.SetCookie(Browser.SessionCookie, "v1.1.AAAAAAAAAAAAAAAAAAAAAA.9999999999.forged");

        using var answer = await browser.GetAsync(path, ct);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal(location, answer.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Pages_serve_the_app_with_the_sessions_csrf_token_and_username()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, username, _) = await _root.CreateUserAsync(null, ct);
        using var browser = NewBrowser();
        using var signedIn = await browser.SignInAsync(username, Password, ct, returnTo: "/-/projects");
        Assert.Equal("/-/projects", signedIn.Headers.Location?.OriginalString);

        using var page = await browser.GetAsync("/-/projects", ct);
        var html = await page.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html; charset=utf-8", page.ContentType()?.ToString());
        Assert.Equal("no-store", page.Header("Cache-Control"));
        Assert.Equal("nosniff", page.Header("X-Content-Type-Options"));
        Assert.Equal("same-origin", page.Header("Referrer-Policy"));
        Assert.StartsWith("default-src 'self';", page.Header("Content-Security-Policy"), StringComparison.Ordinal);
        Assert.DoesNotContain("{{", html, StringComparison.Ordinal);
        Assert.Contains(username, html, StringComparison.Ordinal);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", Browser.CsrfTokenIn(html));
    }

    [Fact]
    public async Task Assets_are_served_without_a_session_and_unknown_ones_are_404()
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = NewBrowser();

        using var css = await browser.GetAsync("/-/assets/app.css", ct);
        using var missing = await browser.GetAsync("/-/assets/missing.js", ct);

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.ContentType()?.MediaType);
        Assert.NotNull(css.Header("Cache-Control"));
        Assert.Equal("nosniff", css.Header("X-Content-Type-Options"));
        Assert.NotEmpty(await css.Content.ReadAsStringAsync(ct));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Session_cookie_reads_the_api_as_its_user()
    {
        var ct = TestContext.Current.CancellationToken;
        var (userId, username, _) = await _root.CreateUserAsync(null, ct);
        using var browser = NewBrowser();
        await browser.SignInAndOpenAppAsync(username, Password, ct);

        using var answer = await browser.GetAsync("/api/v4/user", ct);
        var user = await answer.JsonAsync(ct);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal((userId, username), (user["id"]?.GetValue<long>(), user["username"]?.GetValue<string>()));
    }

    [Fact]
    public async Task Unsafe_api_call_on_the_cookie_needs_the_csrf_header()
    {
        var ct = TestContext.Current.CancellationToken;
        var (userId, username, client) = await _root.CreateUserAsync(null, ct);
        using var repository = GitRepository.Create();
        var project = await _root.CreateProjectForUserAsync(userId, "ui-" + Guid.NewGuid().ToString("N")[..8], repository.Path, ct);
        var triggers = $"/api/v4/projects/{project["id"]}/triggers";
        using var browser = NewBrowser();
        var csrf = await browser.SignInAndOpenAppAsync(username, Password, ct);

        using var without = await browser.SendAsync(HttpMethod.Post, triggers, GitLabApiClient.Form(("description", "no header")), ct);
        using var wrong = await browser.SendAsync(HttpMethod.Post, triggers, GitLabApiClient.Form(("description", "wrong header")), ct, csrfToken: new string('A', 43));
        using var before = await client.GetAsync(triggers, ct);
        var countBefore = (await before.Content.ReadFromJsonArrayAsync(ct)).Count;
        using var with = await browser.SendAsync(HttpMethod.Post, triggers, GitLabApiClient.Form(("description", "with header")), ct, csrfToken: csrf);
        using var after = await client.GetAsync(triggers, ct);

        Assert.Equal((HttpStatusCode.Forbidden, InvalidCsrf), (without.StatusCode, await without.Content.ReadAsStringAsync(ct)));
        Assert.Equal((HttpStatusCode.Forbidden, InvalidCsrf), (wrong.StatusCode, await wrong.Content.ReadAsStringAsync(ct)));
        Assert.Equal(0, countBefore);
        Assert.Equal(HttpStatusCode.Created, with.StatusCode);
        var listed = await after.Content.ReadFromJsonArrayAsync(ct);
        Assert.Equal("with header", Assert.Single(listed)?["description"]?.GetValue<string>());
    }

    [Fact]
    public async Task Token_calls_and_trigger_endpoints_are_unchanged_by_a_session_cookie()
    {
        var ct = TestContext.Current.CancellationToken;
        var (userId, username, client) = await _root.CreateUserAsync(null, ct);
        using var repository = GitRepository.Create();
        var project = await _root.CreateProjectForUserAsync(userId, "ui-" + Guid.NewGuid().ToString("N")[..8], repository.Path, ct);
        var trigger = await client.CreateTriggerAsync(project["id"]!.GetValue<long>(), "for the form", ct); // ! : CreateProjectAsync asserted 201
        using var browser = NewBrowser();
        await browser.SignInAndOpenAppAsync(username, Password, ct);

        // A personal access token beside the cookie: token authentication as before, no CSRF header demanded.
        using var tokenCall = new HttpRequestMessage(HttpMethod.Post, $"/api/v4/projects/{project["id"]}/triggers") { Content = GitLabApiClient.Form(("description", "by token")) };
        tokenCall.Headers.Add("PRIVATE-TOKEN", client.PrivateToken);
        tokenCall.Headers.Add("Cookie", $"{Browser.SessionCookie}={browser.Cookies[Browser.SessionCookie]}");
        using var byToken = await browser.Http.SendAsync(tokenCall, ct);
        // The trigger endpoint authenticates by its own token: a cookie neither demands the CSRF header nor lends its user.
        using var triggered = await browser.SendAsync(HttpMethod.Post, $"/api/v4/projects/{project["id"]}/trigger/pipeline",
            GitLabApiClient.Form(("token", trigger["token"]!.GetValue<string>()), ("ref", "main")), ct); // ! : CreateTriggerAsync asserted 201
        using var noToken = await browser.SendAsync(HttpMethod.Post, $"/api/v4/projects/{project["id"]}/trigger/pipeline", GitLabApiClient.Form(("ref", "main")), ct);
        using var noTokenNoCookie = await _root.Http.PostAsync($"/api/v4/projects/{project["id"]}/trigger/pipeline", GitLabApiClient.Form(("ref", "main")), ct);

        Assert.Equal(HttpStatusCode.Created, byToken.StatusCode);
        Assert.Equal(HttpStatusCode.Created, triggered.StatusCode);
        Assert.Equal((noTokenNoCookie.StatusCode, await noTokenNoCookie.Content.ReadAsStringAsync(ct)),
            (noToken.StatusCode, await noToken.Content.ReadAsStringAsync(ct)));
    }

    [Fact]
    public async Task Sign_out_needs_the_sessions_token_and_ends_the_session()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, username, _) = await _root.CreateUserAsync(null, ct);
        using var browser = NewBrowser();
        var csrf = await browser.SignInAndOpenAppAsync(username, Password, ct);
        var session = browser.Cookies[Browser.SessionCookie];

        using var withoutToken = await browser.PostFormAsync("/users/sign_out", ct);
        using var stillIn = await browser.GetAsync("/api/v4/user", ct);
        using var signedOut = await browser.PostFormAsync("/users/sign_out", ct, ("authenticity_token", csrf));
        var cleared = browser.SetCookieOf(Browser.SessionCookie);
        browser.SetCookie(Browser.SessionCookie, session); // a copy of the old cookie, replayed
        using var replayed = await browser.GetAsync("/api/v4/user", ct);
        using var page = await browser.GetAsync("/", ct);

        Assert.Equal(HttpStatusCode.Forbidden, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, signedOut.StatusCode);
        Assert.Equal("/users/sign_in", signedOut.Headers.Location?.OriginalString);
        Assert.NotNull(cleared);
        Assert.Contains("expires=Thu, 01 Jan 1970", cleared, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("evil.example")]
    public async Task Return_to_another_site_is_ignored(string returnTo)
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, username, _) = await _root.CreateUserAsync(null, ct);
        using var browser = NewBrowser();
        var token = await browser.OpenSignInAsync(ct, "/users/sign_in?return_to=" + Uri.EscapeDataString(returnTo));

        using var answer = await browser.PostFormAsync("/users/sign_in", ct,
            ("authenticity_token", token), ("username", username), ("password", Password), ("return_to", returnTo));

        Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode);
        Assert.Equal("/", answer.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Repeated_failures_are_throttled_per_username()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, username, _) = await _root.CreateUserAsync(null, ct);
        var (_, neighbour, _) = await _root.CreateUserAsync(null, ct);
        using var browser = NewBrowser();
        var failures = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            using var failed = await browser.SignInAsync(username, "wrong-password-" + attempt, ct);
            failures.Add(failed.StatusCode);
        }

        using var throttled = await browser.SignInAsync(username, Password, ct);
        var html = await throttled.Content.ReadAsStringAsync(ct);
        var throttledSession = browser.Cookies.ContainsKey(Browser.SessionCookie);
        using var other = await browser.SignInAsync(neighbour, Password, ct);

        Assert.All(failures, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.NotNull(throttled.Headers.RetryAfter);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.False(throttledSession);
        Assert.Equal(HttpStatusCode.SeeOther, other.StatusCode);
    }

    [Fact]
    public async Task Blocked_users_session_stops_working()
    {
        var ct = TestContext.Current.CancellationToken;
        var (userId, username, _) = await _root.CreateUserAsync(null, ct);
        using var browser = NewBrowser();
        await browser.SignInAndOpenAppAsync(username, Password, ct);

        using var blocked = await _root.SendAsync(HttpMethod.Post, $"/api/v4/users/{userId}/block", null, ct);
        using var api = await browser.GetAsync("/api/v4/user", ct);
        using var page = await browser.GetAsync("/", ct);

        Assert.Equal(HttpStatusCode.Created, blocked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }
}

/// <summary>JSON arrays in answers.</summary>
internal static class JsonArrayAnswers
{
    public static async Task<JsonArray> ReadFromJsonArrayAsync(this HttpContent content, CancellationToken ct)
    {
        var body = await content.ReadAsStringAsync(ct);
        return JsonNode.Parse(body) as JsonArray ?? throw new InvalidOperationException($"not a JSON array: {body}");
    }
}
