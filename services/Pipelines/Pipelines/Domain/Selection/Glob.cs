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
    // Globs are the users' (and may hold expanded variables): bounded, and matched in linear time (#13) — "*a*a*a…c"
    // backtracks polynomially on a backtracking engine.
    private static readonly BoundedCache<Regex> Cache = new(1024);

    public static bool IsMatch(string glob, string path) =>
        Cache.GetOrAdd(glob, Compile).IsMatch(path);

    private static Regex Compile(string glob)
    {
        try
        {
            return new Regex(ToRegex(glob), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (ArgumentException)
        {
            // A class .NET cannot read (a reversed range such as [z-a]) matches nothing, as in Ruby.
            return new Regex(@"[^\s\S]", RegexOptions.NonBacktracking);
        }
    }

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

        // A class never matches '/' (FNM_PATHNAME): subtracted, as the linear-time engine has no look-ahead.
        if (members.Length > 0 && members[^1] == '-')
        {
            // A trailing '-' is literal; spelled out so the subtraction below cannot read it as a range.
            members.Length--;
            members.Append(@"\-");
        }

        pattern.Append(negated ? "[^/" : "[").Append(members).Append(negated ? "]" : "-[/]]");
        return end;
    }
}
