using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using WvsMesh.TestKit;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace WvsMesh.Browser.Tests;

/// <summary>
/// Issue #7, acceptance: a Maintainer manages pipeline trigger tokens in Settings › CI/CD, uses one the way curl would,
/// follows the pipeline and its job in the pages; a Developer sees what the API lets them see and nothing more.
/// </summary>
public sealed class Managing_trigger_tokens_in_the_browser(BrowserApp app)
{
    private const string TriggerMessage = "You need the Maintainer or Owner role to manage pipeline trigger tokens.";

    [Fact]
    public async Task A_maintainer_adds_copies_uses_and_revokes_a_token_and_a_developer_sees_only_keys()
    {
        app.SkipUnlessAvailable();
        var ct = TestContext.Current.CancellationToken;
        using var project = await UiProject.ArrangeAsync(app.Root, ct);

        // The Maintainer adds a token in Settings › CI/CD and copies it.
        await using var maintainer = await app.SignInAsync(project.Maintainer.Username);
        var page = maintainer.Page;
        await BrowserApp.ScreenshotAsync(page, "02-projects");
        await page.Locator($"a[data-project-id=\"{project.Id}\"]").ClickAsync();
        await page.Locator("#sidebar").GetByRole(AriaRole.Link, new() { Name = "CI/CD" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"{project.PagePath}/settings/ci_cd$"));
        await Expect(page.Locator("#triggers-table-empty")).ToBeVisibleAsync();
        await page.GetByLabel("Description").FillAsync("Deploy from the release tool");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add new token" }).ClickAsync();
        var row = page.Locator("#triggers-table tr[data-trigger-id]");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator(".description")).ToHaveTextAsync("Deploy from the release tool");
        await Expect(row.Locator(".owner")).ToContainTextAsync(project.Maintainer.Username);
        await Expect(row.Locator(".last-used")).ToHaveTextAsync("Never");
        await Expect(row.Locator(".token")).ToHaveTextAsync(new Regex("^wvsptt-[0-9a-f]{40}$"));
        var token = (await row.Locator(".token").TextContentAsync())?.Trim() ?? "";
        await row.Locator(".copy-token").ClickAsync();
        Assert.Equal(token, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        var examples = page.Locator("#trigger-examples");
        await Expect(examples).ToContainTextAsync($"curl -X POST --fail -F token=TOKEN -F ref=REF {app.Address.ToString().TrimEnd('/')}/api/v4/projects/{project.Id}/trigger/pipeline");
        await Expect(examples).ToContainTextAsync($"{app.Address.ToString().TrimEnd('/')}/api/v4/projects/{project.Id}/ref/REF_NAME/trigger/pipeline?token=TOKEN");
        await BrowserApp.ScreenshotAsync(page, "03-settings-ci-cd-maintainer");

        // curl -X POST --fail -F token=… -F ref=main -F variables[DEPLOY_TARGET]=staging-eu
        using var triggered = await project.TriggerAsync(token, ct, ("DEPLOY_TARGET", "staging-eu"));
        var pipelineId = UiProject.IdOf(await GitLabApiClient.ExpectAsync(triggered, HttpStatusCode.Created, ct));
        var jobId = UiProject.IdOf(await project.OnlyJobAsync(pipelineId, ct));

        // The pipeline shows its source, its job is labelled triggered, and the job page names the short token.
        await page.Locator("#sidebar").GetByRole(AriaRole.Link, new() { Name = "Pipelines", Exact = true }).ClickAsync();
        var pipelineRow = page.Locator($"#pipelines-table tr[data-pipeline-id=\"{pipelineId}\"]");
        await Expect(pipelineRow.Locator(".source")).ToHaveTextAsync("trigger");
        await Expect(pipelineRow.Locator(".ref")).ToHaveTextAsync("main");
        await Expect(pipelineRow.Locator(".status .badge")).ToHaveTextAsync(new Regex("^(created|pending|running|success)$"));
        await BrowserApp.ScreenshotAsync(page, "04-pipelines");
        await pipelineRow.GetByRole(AriaRole.Link, new() { Name = $"#{pipelineId}" }).ClickAsync();
        await Expect(page.Locator($"section.stage[data-stage=\"test\"] a[data-job-id=\"{jobId}\"]")).ToContainTextAsync("build");
        await BrowserApp.ScreenshotAsync(page, "05-pipeline");
        await page.Locator("#sidebar").GetByRole(AriaRole.Link, new() { Name = "Jobs", Exact = true }).ClickAsync();
        var jobRow = page.Locator($"#jobs-table tr[data-job-id=\"{jobId}\"]");
        await Expect(jobRow.Locator(".badge-triggered")).ToHaveTextAsync("triggered");
        await Expect(jobRow.Locator(".pipeline")).ToHaveTextAsync($"#{pipelineId}");
        await BrowserApp.ScreenshotAsync(page, "06-jobs");
        await jobRow.Locator(".name a").ClickAsync();
        await Expect(page.Locator("#job-details .trigger-short-token")).ToHaveTextAsync(token["wvsptt-".Length..("wvsptt-".Length + 4)]);
        await Expect(page.Locator("#trigger-variables tr[data-key=\"DEPLOY_TARGET\"] .key")).ToHaveTextAsync("DEPLOY_TARGET");
        await Expect(page.Locator("#trigger-variables tr[data-key=\"DEPLOY_TARGET\"] .value")).Not.ToContainTextAsync("staging-eu");
        await page.Locator("#reveal-values").ClickAsync();
        await Expect(page.Locator("#trigger-variables tr[data-key=\"DEPLOY_TARGET\"] .value")).ToHaveTextAsync("staging-eu");
        await Expect(page.Locator("#payload")).ToContainTextAsync("\"DEPLOY_TARGET\": \"staging-eu\"");
        await Expect(page.Locator("#job-log")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "07-job-maintainer-revealed");

        // The Developer sees the keys but no values and no reveal button, and the forbidden message on the triggers page.
        await using (var developer = await app.SignInAsync(project.Developer.Username))
        {
            var developerPage = developer.Page;
            await developerPage.GotoAsync($"{project.PagePath}/jobs/{jobId}");
            await Expect(developerPage.Locator("#job-details .trigger-short-token")).ToHaveTextAsync(token["wvsptt-".Length..("wvsptt-".Length + 4)]);
            await Expect(developerPage.Locator("#trigger-variables tr[data-key=\"DEPLOY_TARGET\"] .key")).ToHaveTextAsync("DEPLOY_TARGET");
            await Expect(developerPage.Locator("#trigger-variables tr[data-key=\"TRIGGER_PAYLOAD\"] .key")).ToHaveTextAsync("TRIGGER_PAYLOAD");
            await Expect(developerPage.Locator("#reveal-values")).ToHaveCountAsync(0);
            Assert.DoesNotContain("staging-eu", await developerPage.ContentAsync(), StringComparison.Ordinal);
            await BrowserApp.ScreenshotAsync(developerPage, "08-job-developer");
            foreach (var path in new[] { "/", $"{project.PagePath}/pipelines", $"{project.PagePath}/pipelines/{pipelineId}", $"{project.PagePath}/jobs" })
            {
                await developerPage.GotoAsync(path);
                await Expect(developerPage.Locator("main h1")).ToBeVisibleAsync();
                await Expect(developerPage.Locator("main[aria-busy]")).ToHaveCountAsync(0);
                Assert.DoesNotContain(token, await developerPage.ContentAsync(), StringComparison.Ordinal);
            }
            await developerPage.GotoAsync($"{project.PagePath}/settings/ci_cd");
            await Expect(developerPage.Locator("#pipeline-triggers .forbidden")).ToHaveTextAsync(TriggerMessage);
            await Expect(developerPage.Locator("#triggers-table")).ToHaveCountAsync(0);
            await Expect(developerPage.Locator("#new-trigger")).ToHaveCountAsync(0);
            Assert.DoesNotContain(token, await developerPage.ContentAsync(), StringComparison.Ordinal);
            await BrowserApp.ScreenshotAsync(developerPage, "09-settings-ci-cd-developer");
            Assert.Empty(developer.Problems);
        }

        // The Maintainer revokes the token through the confirmation dialog; the next trigger with it is refused.
        await page.GotoAsync($"{project.PagePath}/settings/ci_cd");
        await page.Locator("#triggers-table tr[data-trigger-id] .revoke").ClickAsync();
        var dialog = page.Locator("dialog#confirm-revoke");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync("will be revoked");
        await Expect(dialog).ToContainTextAsync("cannot be undone");
        await BrowserApp.ScreenshotAsync(page, "10-revoke-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.Locator("#triggers-table tr[data-trigger-id]")).ToHaveCountAsync(1);
        await page.Locator("#triggers-table tr[data-trigger-id] .revoke").ClickAsync();
        await page.Locator("#confirm-revoke-yes").ClickAsync();
        await Expect(page.Locator("#triggers-table tr[data-trigger-id]")).ToHaveCountAsync(0);
        using var refused = await project.TriggerAsync(token, ct);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Empty(maintainer.Problems);
    }

    [Fact]
    public async Task Another_maintainers_token_shows_only_its_first_four_characters()
    {
        app.SkipUnlessAvailable();
        var ct = TestContext.Current.CancellationToken;
        using var project = await UiProject.ArrangeAsync(app.Root, ct);
        var theirs = await project.OtherMaintainer.Api.CreateTriggerAsync(project.Id, "theirs", ct);
        var ours = await project.Maintainer.Api.CreateTriggerAsync(project.Id, "ours", ct);
        var theirToken = theirs["token"]?.GetValue<string>() ?? throw new InvalidOperationException($"no token: {theirs}");
        var ourToken = ours["token"]?.GetValue<string>() ?? throw new InvalidOperationException($"no token: {ours}");

        await using var session = await app.SignInAsync(project.Maintainer.Username);
        var page = session.Page;
        await page.GotoAsync($"{project.PagePath}/settings/ci_cd");

        var theirRow = page.Locator($"#triggers-table tr[data-trigger-id=\"{UiProject.IdOf(theirs)}\"]");
        var ourRow = page.Locator($"#triggers-table tr[data-trigger-id=\"{UiProject.IdOf(ours)}\"]");
        await Expect(theirRow.Locator(".token")).ToHaveTextAsync(theirToken["wvsptt-".Length..("wvsptt-".Length + 4)]);
        await Expect(theirRow.Locator(".copy-token")).ToHaveCountAsync(0);
        await Expect(theirRow.Locator(".owner")).ToContainTextAsync(project.OtherMaintainer.Username);
        await Expect(ourRow.Locator(".token")).ToHaveTextAsync(ourToken);
        await Expect(ourRow.Locator(".copy-token")).ToHaveCountAsync(1);
        var html = await page.ContentAsync();
        Assert.DoesNotContain(theirToken, html, StringComparison.Ordinal);
        Assert.DoesNotContain(theirToken["wvsptt-".Length..], html, StringComparison.Ordinal);
        await BrowserApp.ScreenshotAsync(page, "11-settings-two-maintainers");
        Assert.Empty(session.Problems);
    }
}
