using Microsoft.Extensions.Logging;

namespace WvsMesh.Gateway.Ui;

/// <summary>The web UI's log messages. Passwords, cookies and CSRF tokens are never parameters.</summary>
internal static partial class UiLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "User {UserId} signed in from {ClientAddress}")]
    public static partial void SignedIn(ILogger logger, long userId, string clientAddress);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Failed sign-in from {ClientAddress}")]
    public static partial void SignInFailed(ILogger logger, string clientAddress);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Sign-in from {ClientAddress} refused: too many failed attempts for that username")]
    public static partial void SignInThrottled(ILogger logger, string clientAddress);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Sign-in form from {ClientAddress} refused: its authenticity token did not match")]
    public static partial void SignInForgeryRefused(ILogger logger, string clientAddress);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "User {UserId} signed out")]
    public static partial void SignedOut(ILogger logger, long userId);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "Refused {Method} {Path} of user {UserId}'s session: missing or wrong CSRF token")]
    public static partial void CsrfRefused(ILogger logger, string method, string path, long userId);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Warning, Message = "Sign-in from {ClientAddress} failed: Tokens did not answer in time")]
    public static partial void SignInUnavailable(ILogger logger, string clientAddress);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Warning, Message = "Sign-out of user {UserId} failed: Tokens did not answer in time; the session stays on")]
    public static partial void SignOutUnavailable(ILogger logger, long userId);
}
