using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace WvsMesh.ServiceDefaults.Http;

/// <summary>
/// GitLab's offset pagination: <c>page</c> (from 1) and <c>per_page</c> (default 20, at most 100) in, and
/// <c>X-Total</c>, <c>X-Total-Pages</c>, <c>X-Page</c>, <c>X-Per-Page</c>, <c>X-Next-Page</c>, <c>X-Prev-Page</c>
/// and <c>Link</c> out.
/// </summary>
public readonly record struct Pagination(long Page, int PerPage)
{
    /// <summary>
    /// Rows to skip. A page past any table's end (its offset beyond <see cref="int.MaxValue"/>) skips them all rather
    /// than wrapping to a negative OFFSET (#13).
    /// </summary>
    public int Offset => Page - 1 > (int.MaxValue - PerPage) / PerPage ? int.MaxValue : (int)((Page - 1) * PerPage);

    /// <summary>
    /// Minimal-API binding from the query string, as GitLab's Grape <c>Integer</c> parameters and Kaminari take them:
    /// a page below 1 is 1, a <c>per_page</c> below 1 is 20 and above 100 is 100; a value that is not an integer (or
    /// not a 64-bit one, where GitLab's own database fails) is 400 <c>{"error":"page is invalid"}</c>.
    /// </summary>
    public static ValueTask<Pagination> BindAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var page = Integer(query, "page") is { } p && p > 0 ? p : 1;
        var perPage = Integer(query, "per_page") is { } n && n > 0 ? (int)Math.Min(n, 100) : 20;
        return ValueTask.FromResult(new Pagination(page, perPage));
    }

    private static long? Integer(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }
        return long.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite,
            CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new GitLabParameterException(name);
    }

    /// <summary>Writes the pagination headers for a list of <paramref name="total"/> items.</summary>
    public void WriteHeaders(HttpContext context, long total)
    {
        var pages = Math.Max(1, (total + PerPage - 1) / PerPage);
        var headers = context.Response.Headers;
        headers["X-Total"] = total.ToString(CultureInfo.InvariantCulture);
        headers["X-Total-Pages"] = pages.ToString(CultureInfo.InvariantCulture);
        headers["X-Page"] = Page.ToString(CultureInfo.InvariantCulture);
        headers["X-Per-Page"] = PerPage.ToString(CultureInfo.InvariantCulture);
        headers["X-Next-Page"] = Page < pages ? (Page + 1).ToString(CultureInfo.InvariantCulture) : "";
        headers["X-Prev-Page"] = Page > 1 ? (Page - 1).ToString(CultureInfo.InvariantCulture) : "";

        var links = new List<string>();
        if (Page > 1)
        {
            links.Add(Link(context, Page - 1, "prev"));
        }
        if (Page < pages)
        {
            links.Add(Link(context, Page + 1, "next"));
        }
        links.Add(Link(context, 1, "first"));
        links.Add(Link(context, pages, "last"));
        headers["Link"] = string.Join(", ", links);
    }

    private string Link(HttpContext context, long page, string rel)
    {
        var request = context.Request;
        var query = request.Query.Where(pair => pair.Key is not ("page" or "per_page"))
            .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string?>(pair.Key, value)))
            .Append(new("page", page.ToString(CultureInfo.InvariantCulture)))
            .Append(new("per_page", PerPage.ToString(CultureInfo.InvariantCulture)));
        var url = QueryHelpers.AddQueryString($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}", query);
        return $"<{url}>; rel=\"{rel}\"";
    }
}
