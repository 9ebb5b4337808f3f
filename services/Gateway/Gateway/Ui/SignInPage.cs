using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace WvsMesh.Gateway.Ui;

/// <summary>The sign-in page: plain HTML that works without JavaScript, styled by the shared stylesheet.</summary>
internal static class SignInPage
{
    public const string InvalidCredentials = "Invalid username or password.";
    public const string FormExpired = "Your sign-in form expired. Please try again.";
    public const string TooManyAttempts = "Too many failed sign-in attempts. Please wait a few minutes and try again.";
    public const string Unavailable = "Sign-in is unavailable right now. Please try again shortly.";

    public const string HtmlContentType = "text/html; charset=utf-8";

    /// <summary>The page with the form's <paramref name="forgeryToken"/>, and an alert when <paramref name="alert"/> is set.</summary>
    public static ContentHttpResult Render(int statusCode, string forgeryToken, string returnTo, string? username = null, string? alert = null)
    {
        var html = HtmlEncoder.Default;
        var error = alert is null ? "" : $"""

                  <p id="sign-in-error" class="callout callout-danger" role="alert">{html.Encode(alert)}</p>
            """;
        var describedBy = alert is null ? "" : " aria-describedby=\"sign-in-error\"";
        var body = $"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <meta name="color-scheme" content="light">
              <title>Sign in · WvsMesh</title>
              <link rel="icon" href="data:,">
              <link rel="stylesheet" href="/-/assets/app.css">
            </head>
            <body class="sign-in-body">
              <main id="main" class="sign-in-page">
                <h1><span class="brand-mark" aria-hidden="true"></span>Sign in to WvsMesh</h1>{error}
                <form id="sign-in" method="post" action="/users/sign_in"{describedBy}>
                  <input type="hidden" name="authenticity_token" value="{html.Encode(forgeryToken)}">
                  <input type="hidden" name="return_to" value="{html.Encode(returnTo)}">
                  <div class="field">
                    <label for="username">Username</label>
                    <input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus value="{html.Encode(username ?? "")}">
                  </div>
                  <div class="field">
                    <label for="password">Password</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required>
                  </div>
                  <button type="submit" class="button button-primary">Sign in</button>
                </form>
              </main>
            </body>
            </html>

            """;
        return TypedResults.Content(body, HtmlContentType, statusCode: statusCode);
    }

    /// <summary>A short page for refusals outside the form (a sign-out without its token).</summary>
    public static ContentHttpResult Message(int statusCode, string title, string text)
    {
        var html = HtmlEncoder.Default;
        var body = $"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{html.Encode(title)} · WvsMesh</title>
              <link rel="icon" href="data:,">
              <link rel="stylesheet" href="/-/assets/app.css">
            </head>
            <body class="sign-in-body">
              <main id="main" class="sign-in-page">
                <h1>{html.Encode(title)}</h1>
                <p role="alert">{html.Encode(text)}</p>
                <p><a href="/">Back to WvsMesh</a></p>
              </main>
            </body>
            </html>

            """;
        return TypedResults.Content(body, HtmlContentType, statusCode: statusCode);
    }

    /// <summary>Where a page sends a visitor without a session: the form, then back to <paramref name="path"/>.</summary>
    public static string Location(string path) => "/users/sign_in?return_to=" + Uri.EscapeDataString(path);
}
