using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace WvsMesh.Pipelines.Domain.Expressions;

/// <summary>
/// Rewrites an RE2 regex as an equivalent .NET pattern, or refuses what RE2 refuses (reference §1.5, §9.5).
/// RE2 semantics made explicit: <c>^</c>/<c>$</c> are text anchors unless <c>m</c> (.NET's <c>$</c> would also match
/// before a final newline); <c>.</c> excludes <c>\n</c> unless <c>s</c>; <c>\d \w \s \b</c> are ASCII; <c>U</c> swaps
/// greedy and lazy quantifiers; <c>\Q…\E</c>, <c>\x{…}</c>, <c>(?P&lt;name&gt;…)</c> and POSIX classes are translated.
/// Refused: look-around, back-references, atomic groups, possessive or stacked quantifiers, counts above 1000,
/// <c>\Z</c>, <c>\C</c> and unknown escapes. Known gaps: <c>\D \W \S</c> inside a class and <c>\p{Script}</c> names use
/// .NET's Unicode definitions; negated POSIX classes (<c>[[:^alpha:]]</c>) are refused.
/// </summary>
internal static partial class Re2Translation
{
    private const string Word = "0-9A-Za-z_";
    private const string Space = @"\t\n\f\r ";
    private const int MaxRepeat = 1000;

    public static bool TryTranslate(string re2, [NotNullWhen(true)] out string? dotnet)
    {
        try
        {
            dotnet = new Translation(re2).Run();
            return true;
        }
        catch (FormatException)
        {
            dotnet = null;
            return false;
        }
    }

    private readonly record struct Flags(bool CaseInsensitive, bool MultiLine, bool DotNewLine, bool Ungreedy);

    private sealed partial class Translation(string source)
    {
        private readonly StringBuilder _output = new();
        private readonly Stack<Flags> _groups = new();
        private Flags _flags;
        private int _position;
        private bool _canRepeat;
        private bool _lastWasRepeat;

        public string Run()
        {
            while (_position < source.Length)
            {
                var c = source[_position++];
                var isRepeat = false;
                switch (c)
                {
                    case '\\':
                        Escape();
                        break;
                    case '[':
                        _output.Append(CharacterClass());
                        _canRepeat = true;
                        break;
                    case '(':
                        OpenGroup();
                        break;
                    case ')':
                        if (_groups.Count == 0)
                        {
                            throw new FormatException("unexpected )");
                        }

                        _flags = _groups.Pop();
                        _output.Append(')');
                        _canRepeat = true;
                        break;
                    case '|':
                        _output.Append('|');
                        _canRepeat = false;
                        break;
                    case '^':
                        _output.Append(_flags.MultiLine ? "(?m:^)" : @"(?:\A)");
                        _canRepeat = true;
                        break;
                    case '$':
                        _output.Append(_flags.MultiLine ? @"(?:(?=\n|\z))" : @"(?:\z)");
                        _canRepeat = true;
                        break;
                    case '.':
                        _output.Append(_flags.DotNewLine ? @"[\s\S]" : @"[^\n]");
                        _canRepeat = true;
                        break;
                    case '*' or '+' or '?':
                        Repeat(c.ToString());
                        isRepeat = true;
                        break;
                    case '{':
                        if (TryCount(out var count))
                        {
                            Repeat(count);
                            isRepeat = true;
                        }
                        else
                        {
                            _output.Append(@"\{");
                            _canRepeat = true;
                        }

                        break;
                    default:
                        Literal(c);
                        break;
                }

                _lastWasRepeat = isRepeat;
            }

            if (_groups.Count > 0)
            {
                throw new FormatException("missing )");
            }

            return _output.ToString();
        }

        private void Repeat(string quantifier)
        {
            if (_lastWasRepeat)
            {
                throw new FormatException("bad repetition operator");
            }

            if (!_canRepeat)
            {
                throw new FormatException("missing argument to repetition operator");
            }

            var lazy = _position < source.Length && source[_position] == '?';
            if (lazy)
            {
                _position++;
            }

            _output.Append(quantifier);
            if (lazy != _flags.Ungreedy)
            {
                _output.Append('?');
            }
        }

        private bool TryCount([NotNullWhen(true)] out string? count)
        {
            count = null;
            var end = source.IndexOf('}', _position);
            if (end < 0)
            {
                return false;
            }

            var body = source[_position..end];
            var parts = body.Split(',');
            if (parts.Length > 2 || parts[0].Length == 0 || !parts.All(p => p.All(char.IsAsciiDigit)))
            {
                return false;
            }

            var min = Bounded(parts[0]);
            var max = parts.Length == 1 ? min : parts[1].Length == 0 ? -1 : Bounded(parts[1]);
            if (max != -1 && max < min)
            {
                throw new FormatException("bad repetition operator");
            }

            _position = end + 1;
            count = "{" + body + "}";
            return true;
        }

        private static int Bounded(string digits) =>
            digits.Length > 4 || int.Parse(digits, CultureInfo.InvariantCulture) > MaxRepeat
                ? throw new FormatException("bad repetition operator")
                : int.Parse(digits, CultureInfo.InvariantCulture);

        private void OpenGroup()
        {
            _canRepeat = false;
            if (!Peek("?"))
            {
                _groups.Push(_flags);
                _output.Append('(');
                return;
            }

            _position++;
            if (Peek(":"))
            {
                _position++;
                _groups.Push(_flags);
                _output.Append("(?:");
            }
            else if (Peek("P<") || (Peek("<") && !Peek("<=") && !Peek("<!")))
            {
                _position += Peek("P<") ? 2 : 1;
                var end = source.IndexOf('>', _position);
                var name = end < 0 ? "" : source[_position..end];
                if (name.Length == 0 || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
                {
                    throw new FormatException("invalid named capture group");
                }

                _position = end + 1;
                _groups.Push(_flags);
                _output.Append("(?<").Append(name).Append('>');
            }
            else
            {
                Flags();
            }
        }

        private void Flags()
        {
            var start = _position;
            var next = _flags;
            var negated = false;
            var any = false;
            while (_position < source.Length && source[_position] is not (')' or ':'))
            {
                var c = source[_position++];
                switch (c)
                {
                    case '-' when !negated:
                        negated = true;
                        any = false;
                        break;
                    case 'i':
                        next = next with { CaseInsensitive = !negated };
                        any = true;
                        break;
                    case 'm':
                        next = next with { MultiLine = !negated };
                        any = true;
                        break;
                    case 's':
                        next = next with { DotNewLine = !negated };
                        any = true;
                        break;
                    case 'U':
                        next = next with { Ungreedy = !negated };
                        any = true;
                        break;
                    default:
                        // (?= (?! (?<= (?<! (?> (?# (?P= and friends: RE2 has no look-around or back-references.
                        throw new FormatException("invalid or unsupported Perl syntax");
                }
            }

            if (_position >= source.Length || !any || _position == start)
            {
                throw new FormatException("invalid or unsupported Perl syntax");
            }

            var caseFlag = next.CaseInsensitive ? "i" : "-i";
            if (source[_position++] == ':')
            {
                _groups.Push(_flags);
                _output.Append("(?").Append(caseFlag).Append(':');
            }
            else
            {
                _output.Append("(?").Append(caseFlag).Append(')');
            }

            _flags = next;
        }

        private void Literal(char c)
        {
            _canRepeat = true;
            if (char.IsHighSurrogate(c) && _position < source.Length && char.IsLowSurrogate(source[_position]))
            {
                _output.Append("(?:").Append(c).Append(source[_position++]).Append(')');
                return;
            }

            AppendCodePoint(c);
        }

        private bool Peek(string text) => string.CompareOrdinal(source, _position, text, 0, text.Length) == 0;
    }
}
