using System.Text;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using WvsMesh.Contracts.Tokens;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Identity;

namespace WvsMesh.Gateway.Ui;

/// <summary>What signing in and out needs: Tokens (over the bus), the session signer, the throttle and a log.</summary>
internal sealed record SignInServices(
    IRequestClient<PasswordSignInRequested> Tokens, SessionTokens Sessions, SignInThrottle Throttle, ILogger<SignInServices> Logger);

/// <summary><c>/users/sign_in</c> and <c>/users/sign_out</c>: the browser's way to a session cookie and back out.</summary>
internal static class SignInApi
{
    /// <summary>A sign-in or sign-out form is a few hundred bytes; anything far larger is not one.</summary>
    private const int MaxFormBytes = 16 * 1024;

    private const string SignOutUnavailable = "Your session could not be ended right now. Please sign out again shortly.";

    public static RouteGroupBuilder MapSignInApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/users").WithUiHeaders().ExcludeFromDescription();
        group.MapGet("/sign_in", ShowSignIn);
        group.MapPost("/sign_in", SignIn);
        group.MapPost("/sign_out", SignOut);
        return group;
    }

    private static ContentHttpResult ShowSignIn(HttpContext context, [FromQuery(Name = "return_to")] string? returnTo)
    {
        context.Response.Headers.CacheControl = "no-store";
        return SignInPage.Render(StatusCodes.Status200OK, UiCookies.IssueSignInForgeryToken(context), ReturnPath.LocalOrHome(returnTo));
    }

    private static async Task<Results<SeeOther, ContentHttpResult>> SignIn(HttpContext context, [AsParameters] SignInServices services)
    {
        context.Response.Headers.CacheControl = "no-store";
        var address = ClientAddress.Of(context.Request) ?? "";
        var form = await ReadFormAsync(context.Request, context.RequestAborted);
        var returnTo = ReturnPath.LocalOrHome(form?.GetValueOrDefault("return_to"));
        if (form is null)
        {
            return SignInPage.Render(StatusCodes.Status400BadRequest, UiCookies.IssueSignInForgeryToken(context), returnTo, alert: SignInPage.FormExpired);
        }
        if (!UiCookies.IsSignInForgeryToken(context.Request, form.GetValueOrDefault("authenticity_token").ToString()))
        {
            UiLog.SignInForgeryRefused(services.Logger, address);
            return SignInPage.Render(StatusCodes.Status403Forbidden, UiCookies.IssueSignInForgeryToken(context), returnTo, alert: SignInPage.FormExpired);
        }
        var forgeryToken = UiCookies.IssueSignInForgeryToken(context);
        var username = form.GetValueOrDefault("username").ToString().Trim();
        var password = form.GetValueOrDefault("password").ToString();
        if (services.Throttle.RetryAfter(username, address) is { } wait)
        {
            UiLog.SignInThrottled(services.Logger, address);
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return SignInPage.Render(StatusCodes.Status429TooManyRequests, forgeryToken, returnTo, username, SignInPage.TooManyAttempts);
        }
        CallerIdentityResolved? user;
        try
        {
            user = await SignInAsync(services.Tokens, username, password, context.RequestAborted);
        }
        catch (RequestTimeoutException)
        {
            UiLog.SignInUnavailable(services.Logger, address);
            return SignInPage.Render(StatusCodes.Status503ServiceUnavailable, forgeryToken, returnTo, username, SignInPage.Unavailable);
        }
        if (user is null)
        {
            services.Throttle.Failed(username, address);
            UiLog.SignInFailed(services.Logger, address);
            return SignInPage.Render(StatusCodes.Status401Unauthorized, forgeryToken, returnTo, username, SignInPage.InvalidCredentials);
        }
        services.Throttle.Succeeded(username, address);
        var (session, cookie) = services.Sessions.Issue(user.UserId);
        UiCookies.SetSession(context, cookie, session.Expires);
        UiCookies.ClearSignInForgery(context);
        UiLog.SignedIn(services.Logger, user.UserId, address);
        return new SeeOther(returnTo);
    }

    /// <summary>
    /// Ends the session everywhere: Tokens records it (and tells every replica) before the cookie is cleared, so a copy of
    /// the cookie kept elsewhere is refused at any gateway replica from then on. If Tokens cannot record it, the session
    /// stays on and the browser is told to try again rather than believe it signed out.
    /// </summary>
    private static async Task<Results<SeeOther, ContentHttpResult>> SignOut(
        HttpContext context, SessionTokens sessions, IRequestClient<SessionEndRequested> tokens, ILogger<SignInServices> logger, CancellationToken ct)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (sessions.Verify(UiCookies.SessionValue(context.Request)) is { } session)
        {
            var form = await ReadFormAsync(context.Request, ct);
            var presented = form?.GetValueOrDefault("authenticity_token") is { Count: > 0 } field ? field.ToString() : context.Request.Headers[UiHeaders.CsrfToken].ToString();
            if (!sessions.IsCsrfToken(session, presented))
            {
                return SignInPage.Message(StatusCodes.Status403Forbidden, "Sign-out refused", "The sign-out form expired. Reload the page and sign out again.");
            }
            try
            {
                await tokens.GetResponse<SessionEnded>(new SessionEndRequested(session.UserId, session.Id, session.Expires), ct);
            }
            catch (RequestTimeoutException)
            {
                UiLog.SignOutUnavailable(logger, session.UserId);
                return SignInPage.Message(StatusCodes.Status503ServiceUnavailable, "Sign-out unavailable", SignOutUnavailable);
            }
            sessions.Ended(session.Id, session.Expires);
            UiLog.SignedOut(logger, session.UserId);
        }
        UiCookies.ClearSession(context);
        return new SeeOther("/users/sign_in");
    }

    /// <summary>Tokens' answer: the user, or null for any refusal (unknown user, wrong or no password, blocked) alike.</summary>
    private static async Task<CallerIdentityResolved?> SignInAsync(IRequestClient<PasswordSignInRequested> tokens, string username, string password, CancellationToken ct)
    {
        if (username.Length == 0 || password.Length == 0)
        {
            return null;
        }
        var response = await tokens.GetResponse<CallerIdentityResolved, CallerIdentityRejected>(new PasswordSignInRequested(username, password), ct);
        return response.Is(out Response<CallerIdentityResolved>? resolved) ? resolved.Message : null;
    }

    /// <summary>The URL-encoded form, or null when the body is something else or too large to be a sign-in form.</summary>
    private static async Task<Dictionary<string, StringValues>?> ReadFormAsync(HttpRequest request, CancellationToken ct)
    {
        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || await BoundedBody.ReadAsync(request, MaxFormBytes, ct) is not { } body)
        {
            return null;
        }
        try
        {
            return new FormReader(Encoding.UTF8.GetString(body)).ReadForm();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
