using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace WvsMesh.Pipelines.Domain.Config;

/// <summary>
/// Resolves a plain (unquoted, untagged) YAML scalar the way Ruby's Psych does (<c>Psych::ScalarScanner#tokenize</c>,
/// YAML 1.1 flavour, non-strict integers) and renders the value with Ruby's <c>to_s</c>. This is why GitLab turns
/// <c>FOO: yes</c> into <c>"true"</c>, <c>FOO: 1_000</c> into <c>"1000"</c> and <c>FOO: 1.10</c> into <c>"1.1"</c>.
/// </summary>
internal static partial class PsychScalar
{
    public static YamlScalar Resolve(string text)
    {
        if (text.Length == 0)
        {
            return YamlScalar.Null;
        }

        if (WordLike().IsMatch(text) || text.Contains('\n', StringComparison.Ordinal))
        {
            return ResolveWord(text);
        }

        if (Time().IsMatch(text))
        {
            throw new CiConfigException("Tried to load unspecified class: Time");
        }

        if (Date().IsMatch(text))
        {
            throw new CiConfigException("Tried to load unspecified class: Date");
        }

        return text switch
        {
            _ when PositiveInfinity().IsMatch(text) => new YamlScalar(ScalarKind.Float, "Infinity"),
            _ when NegativeInfinity().IsMatch(text) => new YamlScalar(ScalarKind.Float, "-Infinity"),
            _ when NotANumber().IsMatch(text) => new YamlScalar(ScalarKind.Float, "NaN"),
            _ when text.StartsWith(':') && text.Length > 1 => new YamlScalar(ScalarKind.String, Symbol(text)),
            _ when SexagesimalInteger().IsMatch(text) => new YamlScalar(ScalarKind.Integer, SexagesimalInt(text)),
            _ when SexagesimalFloat().IsMatch(text) => new YamlScalar(ScalarKind.Float, SexagesimalFlo(text)),
            _ when Float().IsMatch(text) => FloatOrString(text),
            _ when Integer().IsMatch(text) => IntegerOrString(text),
            _ => new YamlScalar(ScalarKind.String, text),
        };
    }

    /// <summary>Ruby's <c>Float#to_s</c>: shortest round-trip digits, exponent form below 1e-4 and from 1e16.</summary>
    public static string RubyFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest.StartsWith('-');
        var (digits, exponent) = Decompose(negative ? shortest[1..] : shortest);
        if (digits.All(c => c == '0'))
        {
            return negative ? "-0.0" : "0.0";
        }

        var decpt = exponent;
        string body;
        if (decpt < -3 || decpt > 16)
        {
            var mantissa = digits.Length == 1 ? digits + ".0" : digits[..1] + "." + digits[1..];
            var e = decpt - 1;
            body = mantissa + "e" + (e < 0 ? "-" : "+") + Math.Abs(e).ToString("00", CultureInfo.InvariantCulture);
        }
        else if (decpt <= 0)
        {
            body = "0." + new string('0', -decpt) + digits;
        }
        else if (decpt >= digits.Length)
        {
            body = digits + new string('0', decpt - digits.Length) + ".0";
        }
        else
        {
            body = digits[..decpt] + "." + digits[decpt..];
        }

        return negative ? "-" + body : body;
    }

    private static YamlScalar ResolveWord(string text)
    {
        if (text.Length > 5 || NotSpecialStart().IsMatch(text))
        {
            return new YamlScalar(ScalarKind.String, text);
        }

        if (text == "~" || string.Equals(text, "null", StringComparison.OrdinalIgnoreCase))
        {
            return YamlScalar.Null;
        }

        if (TrueWord().IsMatch(text))
        {
            return new YamlScalar(ScalarKind.Boolean, "true");
        }

        return FalseWord().IsMatch(text) ? new YamlScalar(ScalarKind.Boolean, "false") : new YamlScalar(ScalarKind.String, text);
    }

    private static string Symbol(string text)
    {
        var quoted = QuotedSymbol().Match(text);
        return quoted.Success ? quoted.Groups[2].Value : text[1..];
    }

    private static YamlScalar FloatOrString(string text)
    {
        if (LoneDot().IsMatch(text))
        {
            return new YamlScalar(ScalarKind.String, text);
        }

        var cleaned = DotBeforeExponent().Replace(text.Replace(",", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal), "$1");
        return double.TryParse(cleaned, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? new YamlScalar(ScalarKind.Float, RubyFloat(value))
            : new YamlScalar(ScalarKind.String, text);
    }

    private static YamlScalar IntegerOrString(string text)
    {
        var cleaned = text.Replace(",", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        var negative = cleaned.StartsWith('-');
        var unsigned = cleaned.TrimStart('-', '+');
        var (radix, digits) = unsigned switch
        {
            _ when unsigned.StartsWith("0b", StringComparison.Ordinal) => (2, unsigned[2..]),
            _ when unsigned.StartsWith("0x", StringComparison.Ordinal) => (16, unsigned[2..]),
            _ when unsigned.Length > 1 && unsigned[0] == '0' => (8, unsigned[1..]),
            _ => (10, unsigned),
        };
        if (digits.Length == 0)
        {
            return new YamlScalar(ScalarKind.String, text);
        }

        var value = BigInteger.Zero;
        foreach (var c in digits)
        {
            value = value * radix + Convert.ToInt32(c.ToString(), 16);
        }

        return new YamlScalar(ScalarKind.Integer, (negative ? -value : value).ToString(CultureInfo.InvariantCulture));
    }

    // Psych: i += n.to_i * 60 ** (e - 2).abs over the colon-separated parts (so "1:30" is 5400, as in Ruby).
    private static string SexagesimalInt(string text)
    {
        var total = BigInteger.Zero;
        var parts = text.Split(':');
        for (var e = 0; e < parts.Length; e++)
        {
            total += RubyToI(parts[e]) * BigInteger.Pow(60, Math.Abs(e - 2));
        }

        return total.ToString(CultureInfo.InvariantCulture);
    }

    private static string SexagesimalFlo(string text)
    {
        var total = 0.0;
        var parts = text.Split(':');
        for (var e = 0; e < parts.Length; e++)
        {
            var part = parts[e].Replace("_", "", StringComparison.Ordinal);
            var value = double.TryParse(part.TrimEnd('.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0;
            total += value * Math.Pow(60, Math.Abs(e - 2));
        }

        return RubyFloat(total);
    }

    private static BigInteger RubyToI(string part)
    {
        var digits = part.Replace("_", "", StringComparison.Ordinal);
        return BigInteger.Parse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    private static (string Digits, int DecimalPoint) Decompose(string text)
    {
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dot >= 0 ? text[..dot] : text;
        var fraction = dot >= 0 ? text[(dot + 1)..] : "";
        var digits = (integerPart + fraction).TrimStart('0');
        var leadingZeros = (integerPart + fraction).Length - digits.Length;
        var decpt = integerPart.Length - leadingZeros + exponent;
        digits = digits.TrimEnd('0');
        return (digits.Length == 0 ? "0" : digits, decpt);
    }

    [GeneratedRegex(@"^[^\d.:-]?[\p{L}_\s!@#$%\^&*(){}<>|/\\~;=]+")]
    private static partial Regex WordLike();

    [GeneratedRegex("^[^ytonf~]", RegexOptions.IgnoreCase)]
    private static partial Regex NotSpecialStart();

    [GeneratedRegex("^(yes|true|on)$", RegexOptions.IgnoreCase)]
    private static partial Regex TrueWord();

    [GeneratedRegex("^(no|false|off)$", RegexOptions.IgnoreCase)]
    private static partial Regex FalseWord();

    [GeneratedRegex(@"^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:\s*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?$")]
    private static partial Regex Time();

    [GeneratedRegex(@"^\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)$")]
    private static partial Regex Date();

    [GeneratedRegex(@"^\+?\.inf$", RegexOptions.IgnoreCase)]
    private static partial Regex PositiveInfinity();

    [GeneratedRegex(@"^-\.inf$", RegexOptions.IgnoreCase)]
    private static partial Regex NegativeInfinity();

    [GeneratedRegex(@"^\.nan$", RegexOptions.IgnoreCase)]
    private static partial Regex NotANumber();

    [GeneratedRegex(@"^:([""'])(.*)\1")]
    private static partial Regex QuotedSymbol();

    [GeneratedRegex("^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}$")]
    private static partial Regex SexagesimalInteger();

    [GeneratedRegex(@"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}\.[0-9_]*$")]
    private static partial Regex SexagesimalFloat();

    [GeneratedRegex(@"^(?:[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?)$")]
    private static partial Regex Float();

    [GeneratedRegex(@"\A[-+]?\.\z")]
    private static partial Regex LoneDot();

    [GeneratedRegex(@"\.([Ee]|$)")]
    private static partial Regex DotBeforeExponent();

    [GeneratedRegex(@"^(?:[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)$")]
    private static partial Regex Integer();
}
