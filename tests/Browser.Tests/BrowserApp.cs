using Microsoft.Playwright;
using WvsMesh.Browser.Tests;
using WvsMesh.TestKit;
using Xunit;

[assembly: AssemblyFixture(typeof(BrowserApp))]

namespace WvsMesh.Browser.Tests;

/// <summary>
/// One all-in-one host (its own process, SQLite in a temporary folder) and one headless Chromium for the whole assembly.
/// Chromium is Debian's <c>/usr/bin/chromium</c> (scripts/test-servers.sh installs it); Playwright never downloads a
/// browser. Without it every test skips with the reason.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    /// <summary>The password <see cref="GitLabApiClient.CreateUserAsync"/> gives every user.</summary>
    public const string Password = GitLabApiClient.Password;

    private const string ChromiumPath = "/usr/bin/chromium";
    private const string RootToken = "browser-tests-root-token-8c1f2e";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "wvs-browser-" + Guid.NewGuid().ToString("N"));
    private HostProcess? _host;
    private HttpClient? _http;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Why the tests cannot run here, or null.</summary>
    public string? Unavailable { get; private set; }

    public Uri Address => _host?.Address ?? throw new InvalidOperationException("The host is not started.");

    /// <summary>Root (instance admin) through the public API.</summary>
    public GitLabApiClient Root => new(_http ?? throw new InvalidOperationException("The host is not started."), RootToken);

    /// <summary>Where screenshots go: <c>WVS_TEST_ARTIFACTS</c>, else <c>screenshots</c> beside the test assembly.</summary>
    public static string ArtifactsDirectory =>
        Environment.GetEnvironmentVariable("WVS_TEST_ARTIFACTS") is { Length: > 0 } directory
            ? directory
            : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            Unavailable = $"{ChromiumPath} is not installed (apt-get install chromium, or scripts/test-servers.sh).";
            return;
        }
        Directory.CreateDirectory(_dataDirectory);
        var port = HostProcess.FreePort();
        _host = HostProcess.Start("AllInOne", port, new Dictionary<string, string>
        {
            ["WVS_DATA_DIR"] = _dataDirectory,
            ["WVS_ROOT_TOKEN"] = RootToken,
            ["WVS_EXTERNAL_URL"] = $"http://127.0.0.1:{port}",
        });
        await _host.WaitUntilReadyAsync(TimeSpan.FromSeconds(120), CancellationToken.None);
        _http = new HttpClient { BaseAddress = _host.Address, Timeout = TimeSpan.FromSeconds(60) };

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-background-networking"],
        });
        // Bounded waits: long enough for a loaded 2-core machine, short enough that a missing element fails the test.
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    /// <summary>Skips the calling test, with the reason, when Chromium is not installed.</summary>
    public void SkipUnlessAvailable()
    {
        if (Unavailable is not null)
        {
            Assert.Skip(Unavailable);
        }
    }

    /// <summary>A fresh browser context (own cookies, clipboard permissions) on the sign-in page.</summary>
    public async Task<BrowserSession> OpenAsync()
    {
        var browser = _browser ?? throw new InvalidOperationException("The browser is not started.");
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address.ToString(),
            Permissions = ["clipboard-read", "clipboard-write"],
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        return new BrowserSession(context, page);
    }

    /// <summary>A browser session signed in as <paramref name="username"/> through the sign-in form, on the projects page.</summary>
    public async Task<BrowserSession> SignInAsync(string username)
    {
        var session = await OpenAsync();
        var page = session.Page;
        await page.GotoAsync("/users/sign_in");
        await page.Locator("#sign-in input[name=username]").FillAsync(username);
        await page.Locator("#sign-in input[name=password]").FillAsync(Password);
        await page.Locator("#sign-in").GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#current-user")).ToHaveTextAsync(username);
        return session;
    }

    /// <summary>Writes a full-page PNG named <paramref name="name"/> to <see cref="ArtifactsDirectory"/>.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ArtifactsDirectory);
        // Let relative times and fonts settle; the screenshot is for people, the assertions do the checking.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        _http?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}

/// <summary>One browser context and its page; collects what would show a broken page (CSP refusals, script errors).</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _problems = [];

    public BrowserSession(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            // Refused API calls (403 for a Developer) are expected console noise; policy refusals and script errors are not.
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                Record("CSP: " + message.Text);
            }
        };
        page.PageError += (_, error) => Record("script error: " + error);
    }

    public IPage Page { get; }

    /// <summary>CSP refusals and uncaught script errors seen so far.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_problems)
            {
                return [.. _problems];
            }
        }
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();

    private void Record(string problem)
    {
        lock (_problems)
        {
            _problems.Add(problem);
        }
    }
}
