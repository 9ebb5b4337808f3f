using System.Net;
using Microsoft.Playwright;
using WvsMesh.TestKit;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace WvsMesh.Browser.Tests;

/// <summary>
/// Issue #7: Settings › CI/CD › Variables. A Maintainer adds, edits and deletes project variables; API errors are shown;
/// a masked value never reaches the page — not in the table, not on reveal, not on a job's page.
/// </summary>
public sealed class Managing_variables_in_the_browser(BrowserApp app)
{
    private const string MaskedValue = "masked-Value-7c2e9d41";

    [Fact]
    public async Task A_maintainer_adds_edits_and_deletes_a_variable_and_sees_api_errors()
    {
        app.SkipUnlessAvailable();
        var ct = TestContext.Current.CancellationToken;
        using var project = await UiProject.ArrangeAsync(app.Root, ct);
        await using var session = await app.SignInAsync(project.Maintainer.Username);
        var page = session.Page;
        await page.GotoAsync($"{project.PagePath}/settings/ci_cd");
        var form = page.Locator("#new-variable");

        // GitLab's rule: a key holds letters, digits and '_' only. The API's refusal is announced as an alert.
        await form.GetByLabel("Key").FillAsync("NOT-VALID");
        await form.GetByLabel("Value").FillAsync("whatever");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add variable" }).ClickAsync();
        await Expect(page.Locator("#variables [role=alert]")).ToContainTextAsync("can contain only letters, digits and '_'");

        await form.GetByLabel("Key").FillAsync("DEPLOY_REGION");
        await form.GetByLabel("Value").FillAsync("eu-west-1");
        await form.GetByLabel("Type").SelectOptionAsync("file");
        await form.GetByLabel("Protect variable").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Add variable" }).ClickAsync();
        var row = page.Locator("#variables tr[data-variable-key=\"DEPLOY_REGION\"]");
        await Expect(row.Locator(".flags")).ToContainTextAsync("Protected");
        await Expect(row.Locator(".flags")).ToContainTextAsync("File");
        await Expect(row.Locator(".value")).Not.ToContainTextAsync("eu-west-1");
        await page.Locator("#reveal-variable-values").ClickAsync();
        await Expect(row.Locator(".value")).ToHaveTextAsync("eu-west-1");
        await BrowserApp.ScreenshotAsync(page, "12-variables");

        await row.GetByRole(AriaRole.Button, new() { Name = "Edit variable DEPLOY_REGION" }).ClickAsync();
        var edit = page.Locator("dialog#edit-variable");
        await Expect(edit).ToBeVisibleAsync();
        await edit.GetByLabel("Value").FillAsync("us-east-2");
        await edit.GetByLabel("Protect variable").UncheckAsync();
        await BrowserApp.ScreenshotAsync(page, "13-variable-edit-dialog");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(edit).ToHaveCountAsync(0);
        await Expect(row.Locator(".flags")).Not.ToContainTextAsync("Protected");
        using (var stored = await project.Owner.Api.GetAsync($"{project.ApiPath}/variables/DEPLOY_REGION", ct))
        {
            var variable = await GitLabApiClient.ExpectAsync(stored, HttpStatusCode.OK, ct);
            Assert.Equal("us-east-2", variable["value"]?.GetValue<string>());
            Assert.False(variable["protected"]?.GetValue<bool>());
            Assert.Equal("file", variable["variable_type"]?.GetValue<string>());
        }

        await row.GetByRole(AriaRole.Button, new() { Name = "Delete variable DEPLOY_REGION" }).ClickAsync();
        var confirm = page.Locator("dialog#confirm-delete-variable");
        await Expect(confirm).ToContainTextAsync("cannot be undone");
        await page.Locator("#confirm-delete-variable-yes").ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        using (var gone = await project.Owner.Api.GetAsync($"{project.ApiPath}/variables/DEPLOY_REGION", ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
        Assert.Empty(session.Problems);
    }

    [Fact]
    public async Task Masked_variable_values_never_reach_the_page_html()
    {
        app.SkipUnlessAvailable();
        var ct = TestContext.Current.CancellationToken;
        using var project = await UiProject.ArrangeAsync(app.Root, ct);
        await project.AddVariableAsync("MASKED_SECRET", MaskedValue, masked: true, ct);
        await project.AddVariableAsync("PLAIN_SETTING", "plain-value", masked: false, ct);
        var trigger = await project.Maintainer.Api.CreateTriggerAsync(project.Id, "ci", ct);
        using var triggered = await project.TriggerAsync(trigger["token"]?.GetValue<string>() ?? "", ct, ("GREETING", "hello"));
        var pipelineId = UiProject.IdOf(await GitLabApiClient.ExpectAsync(triggered, HttpStatusCode.Created, ct));
        var jobId = UiProject.IdOf(await project.OnlyJobAsync(pipelineId, ct));
        await using var session = await app.SignInAsync(project.Maintainer.Username);
        var page = session.Page;

        await page.GotoAsync($"{project.PagePath}/settings/ci_cd");
        var masked = page.Locator("#variables tr[data-variable-key=\"MASKED_SECRET\"]");
        await Expect(masked.Locator(".value")).ToHaveTextAsync("••••");
        await Expect(masked.Locator(".flags")).ToContainTextAsync("Masked");
        await page.Locator("#reveal-variable-values").ClickAsync();
        await Expect(page.Locator("#variables tr[data-variable-key=\"PLAIN_SETTING\"] .value")).ToHaveTextAsync("plain-value");
        await Expect(masked.Locator(".value")).ToHaveTextAsync("••••");
        Assert.DoesNotContain(MaskedValue, await page.ContentAsync(), StringComparison.Ordinal);

        // Editing a masked variable shows an empty value field, never the stored value.
        await masked.GetByRole(AriaRole.Button, new() { Name = "Edit variable MASKED_SECRET" }).ClickAsync();
        await Expect(page.Locator("dialog#edit-variable").GetByLabel("Value")).ToHaveValueAsync("");
        Assert.DoesNotContain(MaskedValue, await page.EvaluateAsync<string>("() => [...document.querySelectorAll('input, textarea')].map(e => e.value).join('\\n')"), StringComparison.Ordinal);
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator("dialog#edit-variable")).ToHaveCountAsync(0);

        await page.GotoAsync($"{project.PagePath}/jobs/{jobId}");
        await Expect(page.Locator("#trigger-variables tr[data-key=\"GREETING\"]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#trigger-variables tr[data-key=\"MASKED_SECRET\"]")).ToHaveCountAsync(0);
        await page.Locator("#reveal-values").ClickAsync();
        await Expect(page.Locator("#trigger-variables tr[data-key=\"GREETING\"] .value")).ToHaveTextAsync("hello");
        Assert.DoesNotContain(MaskedValue, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Empty(session.Problems);
    }
}
