using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Ui;

/// <summary>
/// A browser as the web UI's server side sees it: it keeps the cookies it is given (by name, as sent back to this one
/// host), follows no redirects by itself, and posts forms the way the sign-in page's form is posted.
/// </summary>
internal sealed partial class Browser(HttpClient http) : IDisposable
{
    public const string SessionCookie = "wvs_session";
    public const string ForgeryCookie = "wvs_csrf";

    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public HttpClient Http { get; } = http;

    /// <summary>The cookies held now, by name.</summary>
    public IReadOnlyDictionary<string, string> Cookies => _cookies;

    /// <summary>Every <c>Set-Cookie</c> header of the last response, verbatim.</summary>
    public IReadOnlyList<string> LastSetCookies { get; private set; } = [];

    /// <summary>A client for an in-process host that does not follow redirects or keep cookies on its own.</summary>
    public static Browser Over(Func<Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions, HttpClient> create) =>
        new(create(new() { AllowAutoRedirect = false, HandleCookies = false }));

    /// <summary>A client for a host listening at <paramref name="address"/>.</summary>
    public static Browser At(Uri address) =>
        new(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = address });

    public void SetCookie(string name, string value) => _cookies[name] = value;

    public Task<HttpResponseMessage> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    public Task<HttpResponseMessage> PostFormAsync(string path, CancellationToken ct, params (string Key, string Value)[] fields) =>
        SendAsync(HttpMethod.Post, path, new FormUrlEncodedContent(fields.Select(field => new KeyValuePair<string, string>(field.Key, field.Value))), ct);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct, string? csrfToken = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(cookie => $"{cookie.Key}={cookie.Value}")));
        }
        if (csrfToken is not null)
        {
            request.Headers.Add("X-CSRF-Token", csrfToken);
        }
        var response = await Http.SendAsync(request, ct);
        Keep(response);
        return response;
    }

    /// <summary>Opens the sign-in page and returns the form's authenticity token (which the page also set as a cookie).</summary>
    public async Task<string> OpenSignInAsync(CancellationToken ct, string path = "/users/sign_in")
    {
        using var page = await GetAsync(path, ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return HiddenField(await page.Content.ReadAsStringAsync(ct), "authenticity_token");
    }

    /// <summary>The whole sign-in: open the page, post the form; the answer (303 on success).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string username, string password, CancellationToken ct, string? returnTo = null)
    {
        var token = await OpenSignInAsync(ct);
        var fields = new List<(string, string)> { ("authenticity_token", token), ("username", username), ("password", password) };
        if (returnTo is not null)
        {
            fields.Add(("return_to", returnTo));
        }
        return await PostFormAsync("/users/sign_in", ct, [.. fields]);
    }

    /// <summary>Signs in (asserting the 303) and opens the app page; the session's CSRF token, as the page carries it.</summary>
    public async Task<string> SignInAndOpenAppAsync(string username, string password, CancellationToken ct)
    {
        using var signedIn = await SignInAsync(username, password, ct);
        Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        using var app = await GetAsync("/", ct);
        Assert.Equal(HttpStatusCode.OK, app.StatusCode);
        return CsrfTokenIn(await app.Content.ReadAsStringAsync(ct));
    }

    /// <summary>The value of the hidden input <paramref name="name"/>.</summary>
    public static string HiddenField(string html, string name)
    {
        var match = Regex.Match(html, $"""<input type="hidden" name="{Regex.Escape(name)}" value="([^"]*)">""");
        Assert.True(match.Success, $"no hidden {name} in: {html}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>The session's CSRF token in the app page (base64url of an HMAC-SHA256: 43 characters), wherever the page put it.</summary>
    public static string CsrfTokenIn(string html)
    {
        var match = CsrfTokenPattern().Match(html);
        Assert.True(match.Success, $"no CSRF token in: {html}");
        return match.Groups[1].Value;
    }

    /// <summary>The <c>Set-Cookie</c> header of the last response that sets <paramref name="name"/>, or null.</summary>
    public string? SetCookieOf(string name) =>
        LastSetCookies.LastOrDefault(header => header.StartsWith(name + "=", StringComparison.Ordinal));

    public void Dispose() => Http.Dispose();

    private void Keep(HttpResponseMessage response)
    {
        LastSetCookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? [.. values] : [];
        foreach (var header in LastSetCookies)
        {
            var pair = header.Split(';')[0];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = (pair[..equals], pair[(equals + 1)..]);
            var expired = header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase) || value.Length == 0;
            if (expired)
            {
                _cookies.Remove(name);
            }
            else
            {
                _cookies[name] = value;
            }
        }
    }

    [GeneratedRegex("""(?:content|value)="([A-Za-z0-9_-]{43})"[^>]*>""")]
    private static partial Regex CsrfTokenPattern();
}

/// <summary>Reading the answers the web UI gives.</summary>
internal static class UiAnswers
{
    public static MediaTypeHeaderValue? ContentType(this HttpResponseMessage response) => response.Content.Headers.ContentType;

    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;
}
