using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.EndToEnd.Tests.Secrets;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Ui;

/// <summary>#7: a password typed into the sign-in form, right or wrong, reaches no log at any level.</summary>
public sealed class Signing_in_keeps_passwords_out_of_logs
{
    [Fact]
    public async Task Password_and_session_cookie_are_in_no_log_entry()
    {
        var ct = TestContext.Current.CancellationToken;
        var logs = new CapturedLogs();
        await using var app = new AllInOneApp
        {
            Settings = new Dictionary<string, string>
            {
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Microsoft"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
                ["Logging:LogLevel:MassTransit"] = "Trace",
            },
        };
        await using var host = app.WithWebHostBuilder(web => web.ConfigureLogging(logging => logging.AddProvider(logs)));
        var root = new GitLabApiClient(host.CreateClient(), AllInOneApp.RootToken);
        var username = "pw-" + Guid.NewGuid().ToString("N")[..10];
        var password = "password-" + Guid.NewGuid().ToString("N");
        var wrongPassword = "wrong-" + Guid.NewGuid().ToString("N");
        using var created = await root.SendFormAsync(HttpMethod.Post, "/api/v4/users", ct,
            ("username", username), ("name", username), ("email", $"{username}@example.com"), ("password", password));
        await GitLabApiClient.ExpectAsync(created, HttpStatusCode.Created, ct);
        using var browser = Browser.Over(host.CreateClient);

        using var failed = await browser.SignInAsync(username, wrongPassword, ct);
        using var signedIn = await browser.SignInAsync(username, password, ct);
        var session = browser.Cookies[Browser.SessionCookie];
        using var user = await browser.GetAsync("/api/v4/user", ct);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.SeeOther, HttpStatusCode.OK), (failed.StatusCode, signedIn.StatusCode, user.StatusCode));
        Assert.Contains(logs.Entries, entry => entry.Contains("signed in", StringComparison.Ordinal));
        var leaks = logs.Entries.Where(entry =>
            entry.Contains(password, StringComparison.Ordinal) || entry.Contains(wrongPassword, StringComparison.Ordinal)
            || entry.Contains(session, StringComparison.Ordinal) || entry.Contains(session.Split('.')[^1], StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks));
    }
}
