using System.Globalization;
using System.Text;

namespace WvsMesh.Pipelines.Domain.Expressions;

/// <summary>
/// RE2 escapes and character classes: <c>\d \w \s</c> as ASCII classes, <c>\b</c> as an ASCII word boundary,
/// <c>\x{…}</c>, octal, <c>\Q…\E</c>, <c>\pL</c>/<c>\p{Name}</c>, POSIX <c>[[:alpha:]]</c>; every literal is written as
/// <c>\uXXXX</c> so no character means something else to .NET.
/// </summary>
internal static partial class Re2Translation
{
    private static readonly Dictionary<string, string> PosixClasses = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z",
        ["alpha"] = "A-Za-z",
        ["ascii"] = @"\x00-\x7F",
        ["blank"] = @"\t ",
        ["cntrl"] = @"\x00-\x1F\x7F",
        ["digit"] = "0-9",
        ["graph"] = @"!-~",
        ["lower"] = "a-z",
        ["print"] = @" -~",
        ["punct"] = @"!-/:-@\[-`{-~",
        ["space"] = @"\t\n\v\f\r ",
        ["upper"] = "A-Z",
        ["word"] = Word,
        ["xdigit"] = "0-9A-Fa-f",
    };

    private sealed partial class Translation
    {
        private void Escape()
        {
            if (_position >= source.Length)
            {
                throw new FormatException("trailing \\");
            }

            var c = source[_position++];
            _canRepeat = true;
            switch (c)
            {
                case 'd': _output.Append("[0-9]"); break;
                case 'D': _output.Append("[^0-9]"); break;
                case 'w': _output.Append('[').Append(Word).Append(']'); break;
                case 'W': _output.Append("[^").Append(Word).Append(']'); break;
                case 's': _output.Append('[').Append(Space).Append(']'); break;
                case 'S': _output.Append("[^").Append(Space).Append(']'); break;
                // The linear-time engine has no look-around, so RE2's ASCII word boundary cannot be spelled out: .NET's own
                // boundary differs only beside non-ASCII letters and digits (README, known differences).
                case 'b': _output.Append(@"\b"); break;
                case 'B': _output.Append(@"\B"); break;
                case 'A': _output.Append(@"(?:\A)"); break;
                case 'z': _output.Append(@"(?:\z)"); break;
                case 'p' or 'P': _output.Append(UnicodeClass(c)); break;
                case 'Q': Quoted(); break;
                default: AppendCodePoint(EscapedCodePoint(c)); break;
            }
        }

        private void Quoted()
        {
            var end = source.IndexOf(@"\E", _position, StringComparison.Ordinal);
            var text = end < 0 ? source[_position..] : source[_position..end];
            _position = end < 0 ? source.Length : end + 2;
            _canRepeat = text.Length > 0;
            foreach (var rune in text.EnumerateRunes())
            {
                AppendCodePoint(rune.Value);
            }
        }

        // Escapes that stand for one character: \a \f \t \n \r \v, octal, \x, escaped punctuation.
        private int EscapedCodePoint(char c)
        {
            switch (c)
            {
                case 'a': return 7;
                case 'f': return 12;
                case 't': return 9;
                case 'n': return 10;
                case 'r': return 13;
                case 'v': return 11;
                case >= '1' and <= '7' when _position >= source.Length || source[_position] is < '0' or > '7':
                    throw new FormatException("back-references are not supported");
                case >= '0' and <= '7':
                    {
                        var value = c - '0';
                        for (var i = 0; i < 2 && _position < source.Length && source[_position] is >= '0' and <= '7'; i++)
                        {
                            value = (value * 8) + (source[_position++] - '0');
                        }

                        return value;
                    }
                case 'x':
                    return Hex();
                default:
                    if (c < 0x80 && !char.IsAsciiLetterOrDigit(c))
                    {
                        return c;
                    }

                    throw new FormatException("invalid escape sequence: \\" + c);
            }
        }

        private int Hex()
        {
            string digits;
            if (Peek("{"))
            {
                var end = source.IndexOf('}', _position);
                if (end < 0)
                {
                    throw new FormatException("invalid escape sequence");
                }

                digits = source[(_position + 1)..end];
                _position = end + 1;
            }
            else
            {
                digits = _position + 2 <= source.Length ? source.Substring(_position, 2) : "";
                _position += 2;
            }

            if (digits.Length == 0 || digits.Length > 8 || !digits.All(char.IsAsciiHexDigit)
                || !int.TryParse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value)
                || value > 0x10FFFF)
            {
                throw new FormatException("invalid escape sequence");
            }

            return value;
        }

        private string UnicodeClass(char letter)
        {
            string name;
            if (Peek("{"))
            {
                var end = source.IndexOf('}', _position);
                if (end < 0)
                {
                    throw new FormatException("invalid character class range");
                }

                name = source[(_position + 1)..end];
                _position = end + 1;
            }
            else if (_position < source.Length)
            {
                name = source[_position++].ToString();
            }
            else
            {
                throw new FormatException("invalid character class range");
            }

            var negated = letter == 'P';
            if (name.StartsWith('^'))
            {
                negated = !negated;
                name = name[1..];
            }

            if (name.Length == 0 || !name.All(char.IsAsciiLetter))
            {
                throw new FormatException("invalid character class range");
            }

            if (name == "Any")
            {
                return negated ? @"[^\s\S]" : @"[\s\S]";
            }

            return (negated ? @"\P{" : @"\p{") + name + "}";
        }

        private string CharacterClass()
        {
            var items = new StringBuilder();
            var negated = Peek("^");
            if (negated)
            {
                _position++;
            }

            var first = true;
            while (true)
            {
                if (_position >= source.Length)
                {
                    throw new FormatException("missing ]");
                }

                var c = source[_position];
                if (c == ']' && !first)
                {
                    _position++;
                    break;
                }

                first = false;
                if (c == '[' && Peek("[:"))
                {
                    items.Append(PosixClass());
                    continue;
                }

                var low = ClassItem(items);
                if (low is null)
                {
                    continue;
                }

                if (Peek("-") && _position + 1 < source.Length && source[_position + 1] != ']')
                {
                    _position++;
                    var high = ClassItem(items) ?? throw new FormatException("bad character class range");
                    if (high < low)
                    {
                        throw new FormatException("bad character class range");
                    }

                    AppendClassCodePoint(items, low.Value);
                    items.Append('-');
                    AppendClassCodePoint(items, high);
                }
                else
                {
                    AppendClassCodePoint(items, low.Value);
                }
            }

            return (negated ? "[^" : "[") + items + "]";
        }

        // One class member: a code point (returned, not yet written) or a shorthand class (written, null returned).
        private int? ClassItem(StringBuilder items)
        {
            var rune = Rune.GetRuneAt(source, _position);
            _position += rune.Utf16SequenceLength;
            if (rune.Value != '\\')
            {
                return rune.Value;
            }

            if (_position >= source.Length)
            {
                throw new FormatException("trailing \\");
            }

            var c = source[_position++];
            switch (c)
            {
                case 'd': items.Append("0-9"); return null;
                case 'w': items.Append(Word); return null;
                case 's': items.Append(Space); return null;
                case 'D' or 'W' or 'S': items.Append('\\').Append(c); return null;
                case 'p' or 'P': items.Append(UnicodeClass(c)); return null;
                default: return EscapedCodePoint(c);
            }
        }

        private string PosixClass()
        {
            // A class name is letters (and '^'), so the scan stops at the first other character.
            var end = _position + 2;
            while (end < source.Length && (char.IsAsciiLetter(source[end]) || source[end] == '^'))
            {
                end++;
            }

            if (!Peek(end, ":]"))
            {
                // "[:" without a closing ":]" is just a literal '['.
                _position++;
                return @"\[";
            }

            var name = source[(_position + 2)..end];
            if (!PosixClasses.TryGetValue(name, out var members))
            {
                throw new FormatException("invalid character class range");
            }

            _position = end + 2;
            return members;
        }

        private void AppendCodePoint(int codePoint)
        {
            if (codePoint <= 0xFFFF)
            {
                _output.Append(CultureInfo.InvariantCulture, $"\\u{codePoint:X4}");
                return;
            }

            _output.Append("(?:").Append(char.ConvertFromUtf32(codePoint)).Append(')');
        }

        private static void AppendClassCodePoint(StringBuilder items, int codePoint)
        {
            if (codePoint > 0xFFFF)
            {
                throw new FormatException("characters outside the BMP are not supported in a class");
            }

            items.Append(CultureInfo.InvariantCulture, $"\\u{codePoint:X4}");
        }
    }
}
