using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace WvsMesh.Browser.Tests;

/// <summary>Issue #7: the sign-in form works from the keyboard alone, and Sign out ends the session.</summary>
public sealed class Signing_in(BrowserApp app)
{
    [Fact]
    public async Task The_sign_in_form_works_with_tab_and_enter()
    {
        app.SkipUnlessAvailable();
        var ct = TestContext.Current.CancellationToken;
        using var project = await UiProject.ArrangeAsync(app.Root, ct);
        await using var session = await app.OpenAsync();
        var page = session.Page;
        await page.GotoAsync("/users/sign_in");
        await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "01-sign-in");

        // Tab from the top of the page to the username field, type, Tab to the password, type, Enter.
        var reached = false;
        for (var presses = 0; presses < 10 && !reached; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached = await FocusedNameAsync(page) == "username";
        }
        Assert.True(reached, "Tab never reached the username field");
        await page.Keyboard.InsertTextAsync(project.Developer.Username);
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("password", await FocusedNameAsync(page));
        await page.Keyboard.InsertTextAsync(BrowserApp.Password);
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#current-user")).ToHaveTextAsync(project.Developer.Username);
        await Expect(page.Locator($"a[data-project-id=\"{project.Id}\"]")).ToHaveTextAsync(project.FullPath);

        // The keyboard reaches Sign out too; afterwards the pages send the browser back to sign in.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/users/sign_in"));
        await page.GotoAsync($"{project.PagePath}/pipelines");
        await Expect(page).ToHaveURLAsync(new Regex("/users/sign_in"));
        Assert.Empty(session.Problems);
    }

    private static Task<string> FocusedNameAsync(IPage page) =>
        page.EvaluateAsync<string>("() => document.activeElement?.getAttribute('name') ?? ''");
}
