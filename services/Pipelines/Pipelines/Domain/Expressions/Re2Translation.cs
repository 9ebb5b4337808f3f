using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace WvsMesh.Pipelines.Domain.Expressions;

/// <summary>
/// The one RE2 validator of user patterns (configuration checks and evaluation alike): rewrites an RE2 regex as an
/// equivalent pattern for .NET's linear-time engine, or refuses what RE2 refuses (reference §1.5, §9.5). RE2 semantics
/// made explicit: <c>^</c>/<c>$</c> are text anchors unless <c>m</c> (.NET's <c>$</c> would also match before a final
/// newline); <c>.</c> excludes <c>\n</c> unless <c>s</c>; <c>\d \w \s</c> are ASCII; <c>U</c> swaps greedy and lazy
/// quantifiers; <c>\Q…\E</c>, <c>\x{…}</c>, <c>(?P&lt;name&gt;…)</c> and POSIX classes are translated; groups do not capture.
/// Refused: look-around, back-references, atomic groups, possessive or stacked quantifiers, counts above 1000 (also
/// multiplied through nested counts, as RE2's <c>RepetitionWalker</c>), programs too large, <c>\Z</c>, <c>\C</c> and
/// unknown escapes — so what reaches .NET is what its linear-time engine supports. Known gaps: <c>\b \B</c>, and
/// <c>\D \W \S</c> inside a class, and <c>\p{Script}</c> names use .NET's Unicode definitions; negated POSIX classes
/// (<c>[[:^alpha:]]</c>) are refused.
/// </summary>
internal static partial class Re2Translation
{
    private const string Word = "0-9A-Za-z_";
    private const string Space = @"\t\n\f\r ";
    private const int MaxRepeat = 1000;

    // RE2 compiles within max_mem (8 MiB by default) or fails "pattern too large - compile failed"; .NET's linear-time
    // engine refuses automata over 10,000 nodes, and its time per character grows with the pattern's size. This estimate
    // counts one per atom, operator and escape character, copies for counted repetition, and keeps within both.
    private const long MaxProgramSize = 10_000;

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

    // An enclosing group's state while a group is read: its flags, program size so far and largest nested count product.
    private readonly record struct Group(Flags Flags, long Size, long Product);

    private sealed partial class Translation(string source)
    {
        private readonly StringBuilder _output = new();
        private readonly Stack<Group> _groups = new();
        private long _size;
        private long _product = 1;
        private long _lastSize;
        private long _lastProduct = 1;
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
                        var escape = _position;
                        Escape();
                        Atom(Math.Max(1, _position - escape), 1);
                        break;
                    case '[':
                        _output.Append(CharacterClass());
                        _canRepeat = true;
                        Atom(1, 1);
                        break;
                    case '(':
                        OpenGroup();
                        break;
                    case ')':
                        if (_groups.Count == 0)
                        {
                            throw new FormatException("unexpected )");
                        }

                        var (size, product) = (_size + 1, _product);
                        var outer = _groups.Pop();
                        (_flags, _size, _product) = (outer.Flags, outer.Size, outer.Product);
                        _output.Append(')');
                        _canRepeat = true;
                        Atom(size, product);
                        break;
                    case '|':
                        _output.Append('|');
                        _canRepeat = false;
                        _size++;
                        break;
                    case '^':
                        _output.Append(_flags.MultiLine ? "(?m:^)" : @"(?:\A)");
                        _canRepeat = true;
                        Atom(1, 1);
                        break;
                    case '$':
                        // RE2's multi-line $ is .NET's: before any \n or at the end.
                        _output.Append(_flags.MultiLine ? "(?m:$)" : @"(?:\z)");
                        _canRepeat = true;
                        Atom(1, 1);
                        break;
                    case '.':
                        _output.Append(_flags.DotNewLine ? @"[\s\S]" : @"[^\n]");
                        _canRepeat = true;
                        Atom(1, 1);
                        break;
                    case '*' or '+' or '?':
                        Repeat(c.ToString());
                        isRepeat = true;
                        break;
                    case '{':
                        if (TryCount(out var count, out var min, out var max))
                        {
                            Repeat(count);
                            Counted(min, max);
                            isRepeat = true;
                        }
                        else
                        {
                            _output.Append(@"\{");
                            _canRepeat = true;
                            Atom(1, 1);
                        }

                        break;
                    default:
                        Literal(c);
                        Atom(1, 1);
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

            _size++;
        }

        // What a quantifier would repeat: `size` program units holding nested counts that multiply to `product`.
        private void Atom(long size, long product)
        {
            (_lastSize, _lastProduct) = (size, product);
            _size += size;
            _product = Math.Max(_product, product);
            CheckSize();
        }

        // RE2's RepetitionWalker: counts nested inside one another multiply, and the product may not pass 1000.
        private void Counted(int min, int max)
        {
            var count = max == -1 ? min : max;
            var product = count > 0 ? _lastProduct * count : _lastProduct;
            if ((min >= 2 || max >= 2) && product > MaxRepeat)
            {
                throw new FormatException("bad repetition operator");
            }

            var copies = Math.Max(1, max == -1 ? min + 1 : max);
            _size += _lastSize * (copies - 1);
            (_lastSize, _lastProduct) = (_lastSize * copies, product);
            _product = Math.Max(_product, product);
            CheckSize();
        }

        private void CheckSize()
        {
            if (_size > MaxProgramSize)
            {
                throw new FormatException("pattern too large - compile failed");
            }
        }

        private void PushGroup()
        {
            _groups.Push(new Group(_flags, _size, _product));
            (_size, _product) = (0, 1);
        }

        private bool TryCount([NotNullWhen(true)] out string? count, out int min, out int max)
        {
            count = null;
            (min, max) = (0, 0);
            // Only digits and a comma can be inside, so the scan stops at the first other character (a pattern of many
            // '{' stays linear).
            var end = _position;
            while (end < source.Length && (char.IsAsciiDigit(source[end]) || source[end] == ','))
            {
                end++;
            }

            if (end >= source.Length || source[end] != '}')
            {
                return false;
            }

            var body = source[_position..end];
            var parts = body.Split(',');
            if (parts.Length > 2 || parts[0].Length == 0 || !parts.All(p => p.All(char.IsAsciiDigit)))
            {
                return false;
            }

            min = Bounded(parts[0]);
            max = parts.Length == 1 ? min : parts[1].Length == 0 ? -1 : Bounded(parts[1]);
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
                // Matching only asks whether there is a match, and captures make the linear-time engine far slower
                // (^(a{1,10}){1,100}$: seconds instead of a millisecond), so every group is written non-capturing.
                PushGroup();
                _output.Append("(?:");
                return;
            }

            _position++;
            if (Peek(":"))
            {
                _position++;
                PushGroup();
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
                PushGroup();
                _output.Append("(?:");
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
                PushGroup();
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

        private bool Peek(string text) => Peek(_position, text);

        private bool Peek(int at, string text) => string.CompareOrdinal(source, at, text, 0, text.Length) == 0;
    }
}
