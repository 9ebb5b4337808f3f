using System.Globalization;

namespace WvsMesh.Tokens.Domain;

/// <summary>A project named in a route: its numeric id, or its URL-encoded full path (<c>root%2Fdemo</c>).</summary>
internal readonly record struct ProjectRef(long? Id, string? FullPath)
{
    public static ProjectRef Parse(string value)
    {
        var decoded = Uri.UnescapeDataString(value);
        return long.TryParse(decoded, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? new ProjectRef(id, null)
            : new ProjectRef(null, decoded);
    }
}
