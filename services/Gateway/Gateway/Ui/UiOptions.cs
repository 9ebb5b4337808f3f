using System.ComponentModel.DataAnnotations;

namespace WvsMesh.Gateway.Ui;

/// <summary>Browser sessions of the web UI (#7).</summary>
public sealed class UiOptions
{
    /// <summary>Configuration section: <c>Gateway:Ui</c>.</summary>
    public const string Section = "Gateway:Ui";

    /// <summary>How long a session cookie stays valid after sign-in. Default 8 hours.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(8);

    /// <summary>Failed sign-ins allowed per username and client address within <see cref="FailedSignInWindow"/>. Default 10.</summary>
    [Range(1, 1000)]
    public int FailedSignInLimit { get; init; } = 10;

    /// <summary>The window <see cref="FailedSignInLimit"/> counts in; the limit lifts when it ends. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FailedSignInWindow { get; init; } = TimeSpan.FromMinutes(5);
}
