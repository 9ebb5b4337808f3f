using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace WvsMesh.Pipelines.Domain.Selection;

/// <summary>
/// Ruby's <c>File.fnmatch(glob, path, FNM_PATHNAME | FNM_DOTMATCH | FNM_EXTGLOB)</c>, as <c>rules:changes</c> and
/// <c>rules:exists</c> use it: <c>*</c> and <c>?</c> stay within a path segment, <c>**/</c> spans directories,
/// <c>[…]</c> classes (<c>!</c> or <c>^</c> negates), <c>{a,b}</c> alternatives, <c>\</c> escapes; dot files match.
/// </summary>
internal static class Glob
{
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    public static bool IsMatch(string glob, string path) =>
        Cache.GetOrAdd(glob, static g => new Regex(ToRegex(g), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            .IsMatch(path);

    /// <summary>True when any of <paramref name="paths"/> matches <paramref name="glob"/>.</summary>
    public static bool AnyMatch(IEnumerable<string> paths, string glob) => paths.Any(p => IsMatch(glob, p));

    private static string ToRegex(string glob)
    {
        var pattern = new StringBuilder(@"\A");
        var braces = 0;
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*' when glob.AsSpan(i).StartsWith("**/") && (i == 0 || glob[i - 1] == '/'):
                    pattern.Append("(?:[^/]*/)*");
                    i += 2;
                    break;
                case '*':
                    pattern.Append("[^/]*");
                    break;
                case '?':
                    pattern.Append("[^/]");
                    break;
                case '[':
                    i = Class(glob, i, pattern);
                    break;
                case '{':
                    braces++;
                    pattern.Append("(?:");
                    break;
                case '}' when braces > 0:
                    braces--;
                    pattern.Append(')');
                    break;
                case ',' when braces > 0:
                    pattern.Append('|');
                    break;
                case '\\' when i + 1 < glob.Length:
                    pattern.Append(Regex.Escape(glob[++i].ToString()));
                    break;
                default:
                    pattern.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        // An unclosed brace is literal in Ruby; close the group so the pattern stays well-formed.
        pattern.Append(')', braces);
        return pattern.Append(@"\z").ToString();
    }

    private static int Class(string glob, int start, StringBuilder pattern)
    {
        var end = glob.IndexOf(']', start + 2);
        if (end < 0)
        {
            pattern.Append(@"\[");
            return start;
        }

        var body = glob[(start + 1)..end];
        var negated = body.StartsWith('!') || body.StartsWith('^');
        if (negated)
        {
            body = body[1..];
        }

        var members = new StringBuilder();
        foreach (var ch in body)
        {
            members.Append(ch is '-' ? "-" : Regex.Escape(ch.ToString()).Replace("]", @"\]", StringComparison.Ordinal));
        }

        pattern.Append(negated ? "[^/" : "(?!/)[").Append(members).Append(']');
        return end;
    }
}
