using System.ComponentModel.DataAnnotations;

namespace WvsMesh.Tokens;

/// <summary>Limits of the Tokens service.</summary>
public sealed class TokensOptions
{
    /// <summary>Configuration section: <c>Tokens</c>.</summary>
    public const string Section = "Tokens";

    /// <summary>Most trigger variables one request may pass. Default 200.</summary>
    [Range(1, 10_000)]
    public int MaxVariables { get; init; } = 200;
}
