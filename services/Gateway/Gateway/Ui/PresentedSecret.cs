using System.Security.Cryptography;
using System.Text;

namespace WvsMesh.Gateway.Ui;

/// <summary>Compares a token the browser sent back with the one the gateway expects, in time that tells nothing of where they differ.</summary>
internal static class PresentedSecret
{
    /// <summary>True when <paramref name="presented"/> equals <paramref name="expected"/>; false when nothing was presented.</summary>
    public static bool Matches(string expected, string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}
