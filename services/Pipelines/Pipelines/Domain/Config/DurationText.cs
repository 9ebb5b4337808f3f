using System.Globalization;
using System.Text.RegularExpressions;

namespace WvsMesh.Pipelines.Domain.Config;

/// <summary>
/// The durations <c>start_in</c> accepts (GitLab uses ChronicDuration): a sum of <c>number [unit]</c> terms such as
/// <c>30</c>, <c>15 minutes</c>, <c>1 hour 30 min</c>, <c>2h30m</c>, <c>1 day and 2 hours</c>; a bare number is seconds.
/// </summary>
internal static partial class DurationText
{
    public static TimeSpan? Parse(string text)
    {
        var normalized = Separators().Replace(text.Trim().ToLowerInvariant(), " ").Trim();
        if (normalized.Length == 0)
        {
            return null;
        }

        var seconds = 0.0;
        var position = 0;
        foreach (Match term in Term().Matches(normalized))
        {
            if (term.Index != position || !TryUnit(term.Groups[2].Value, out var unit))
            {
                return null;
            }

            seconds += double.Parse(term.Groups[1].Value, CultureInfo.InvariantCulture) * unit;
            position = term.Index + term.Length;
        }

        return position == normalized.Length ? TimeSpan.FromSeconds(seconds) : null;
    }

    private static bool TryUnit(string unit, out double seconds)
    {
        seconds = unit switch
        {
            "" or "s" or "sec" or "secs" or "second" or "seconds" => 1,
            "m" or "min" or "mins" or "minute" or "minutes" => 60,
            "h" or "hr" or "hrs" or "hour" or "hours" => 3600,
            "d" or "day" or "days" => 86400,
            "w" or "wk" or "wks" or "week" or "weeks" => 604800,
            "mo" or "mos" or "month" or "months" => 2592000,
            "y" or "yr" or "yrs" or "year" or "years" => 31536000,
            _ => -1,
        };
        return seconds > 0;
    }

    [GeneratedRegex(@"(?:\s|,|\band\b)+")]
    private static partial Regex Separators();

    [GeneratedRegex(@"(\d+(?:\.\d+)?) ?([a-z]*) ?")]
    private static partial Regex Term();
}
