using Xunit;

namespace WvsMesh.Deploy.Tests.Manifests;

/// <summary>Assertions that report every violation at once, one per line.</summary>
internal static class Expect
{
    public static void None(IEnumerable<string> problems)
    {
        var list = problems.ToList();
        Assert.True(list.Count == 0, $"{list.Count} problem(s):\n  " + string.Join("\n  ", list));
    }
}
