using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace WvsMesh.ServiceDefaults.Http;

/// <summary>
/// A request's parameters the way GitLab's Grape API takes them: query string, plus a urlencoded/multipart form or a
/// JSON object body. Handlers read named values with <see cref="Get"/>; <see cref="Malformed"/> is set when the body
/// claimed to be JSON but was not an object.
/// </summary>
public sealed class GitLabParameters
{
    /// <summary>The query string.</summary>
    public required IEnumerable<KeyValuePair<string, StringValues>> Query { get; init; }

    /// <summary>The form body, if the request had one.</summary>
    public IEnumerable<KeyValuePair<string, StringValues>>? Form { get; init; }

    /// <summary>The JSON body, if the request had one.</summary>
    public JsonObject? Json { get; init; }

    /// <summary>True when the body was an unreadable form, or JSON that is not an object.</summary>
    public bool Malformed { get; init; }

    /// <summary>
    /// True (with <see cref="Malformed"/>) when the body is readable but says what no parameter can mean: a repeated JSON
    /// key, a lone UTF-16 surrogate or a NUL character. Even the webhook form, which shrugs off other bodies, refuses these.
    /// </summary>
    public bool Invalid { get; init; }

    /// <summary>A scalar parameter: JSON body first, then form, then query; null when absent.</summary>
    public string? Get(string name)
    {
        if (Json?[name] is JsonValue value)
        {
            return value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
        }
        if (Form?.FirstOrDefault(pair => pair.Key == name) is { Key: not null } field)
        {
            return field.Value.ToString();
        }
        return Query.FirstOrDefault(pair => pair.Key == name) is { Key: not null } query ? query.Value.ToString() : null;
    }

    /// <summary>True when <paramref name="name"/> (or <c>name[]</c>) was given at all.</summary>
    public bool Has(string name) => Json?.ContainsKey(name) == true || GetAll(name).Any() || Get(name) is not null;

    /// <summary>
    /// A list parameter: <c>name[]=a&amp;name[]=b</c> or repeated <c>name=</c> in a form or query, or a JSON array of strings.
    /// </summary>
    public IEnumerable<string> GetAll(string name)
    {
        if (Json?[name] is JsonArray array)
        {
            return array.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()).ToList();
        }
        var source = (Form ?? []).Concat(Query);
        return source.Where(pair => pair.Key == name || pair.Key == name + "[]").SelectMany(pair => pair.Value).OfType<string>().ToList();
    }

    /// <summary>Minimal-API binding: reads the form or JSON body once.</summary>
    public static async ValueTask<GitLabParameters> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var request = context.Request;
        if (request.HasFormContentType)
        {
            try
            {
                var form = await request.ReadFormAsync(context.RequestAborted);
                return FromForm(request.Query, form);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                // IOException: a multipart body that ends before its closing boundary (found by the fuzz test, #13).
                return new GitLabParameters { Query = request.Query, Malformed = true };
            }
        }
        if (request.HasJsonContentType())
        {
            try
            {
                var node = await JsonNode.ParseAsync(request.Body, documentOptions: JsonLimits, cancellationToken: context.RequestAborted);
                return FromJson(request.Query, node);
            }
            catch (JsonException)
            {
                return new GitLabParameters { Query = request.Query, Malformed = true };
            }
            catch (InvalidOperationException)
            {
                // A property name with a lone surrogate, decoded while repeated names are looked for (#13).
                return new GitLabParameters { Query = request.Query, Malformed = true, Invalid = true };
            }
        }
        return new GitLabParameters { Query = request.Query };
    }

    /// <summary>
    /// Reads parameters from a body already in memory (a webhook delivery, or a request whose bytes are needed as sent):
    /// a urlencoded or multipart form, or a JSON object; any other content type contributes no parameters.
    /// </summary>
    public static async Task<GitLabParameters> FromBodyAsync(
        IEnumerable<KeyValuePair<string, StringValues>> query, string? contentType, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        if (body.IsEmpty || !MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return new GitLabParameters { Query = query };
        }
        try
        {
            if (mediaType.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            {
                using var reader = new FormReader(Encoding.UTF8.GetString(body.Span));
                var form = reader.ReadForm();
                return FromForm(query, form);
            }
            if (mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            {
                var form = await ReadMultipartFieldsAsync(mediaType, body, ct);
                return FromForm(query, form);
            }
            if (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    return FromJson(query, JsonNode.Parse(body.Span, documentOptions: JsonLimits));
                }
                catch (JsonException) when (IsJsonWithRepeatedKeys(body))
                {
                    return new GitLabParameters { Query = query, Malformed = true, Invalid = true };
                }
                catch (InvalidOperationException)
                {
                    // A property name with a lone surrogate, decoded while repeated names are looked for (#13).
                    return new GitLabParameters { Query = query, Malformed = true, Invalid = true };
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or IOException)
        {
            return new GitLabParameters { Query = query, Malformed = true };
        }
        return new GitLabParameters { Query = query };
    }

    /// <summary>
    /// How request bodies are parsed: nesting is bounded (no body of ours nests more than a few levels) and a repeated
    /// property is an error, not "last one wins" — a body that says <c>ref</c> twice is ambiguous (#13).
    /// </summary>
    private static readonly JsonDocumentOptions JsonLimits = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    /// <summary>RFC 2046's longest multipart boundary; longer ones are malformed (a 4 KB one broke the reader, #13).</summary>
    private const int MaxBoundaryLength = 70;

    private static GitLabParameters FromJson(IEnumerable<KeyValuePair<string, StringValues>> query, JsonNode? node) => node switch
    {
        null => new GitLabParameters { Query = query },
        _ when !IsWellFormed(node) => new GitLabParameters { Query = query, Malformed = true, Invalid = true },
        JsonObject json => new GitLabParameters { Query = query, Json = json },
        _ => new GitLabParameters { Query = query, Malformed = true },
    };

    /// <summary>True when <paramref name="body"/> failed <see cref="JsonLimits"/> only for a repeated key.</summary>
    private static bool IsJsonWithRepeatedKeys(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = JsonLimits.MaxDepth });
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// False when a string or property name holds a lone UTF-16 surrogate (<c>"\ud800"</c>), which the reader reports
    /// only when the value is read, far from here; or a NUL character, which GitLab refuses in any parameter
    /// (<c>Gitlab::Middleware::HandleMalformedStrings</c>) and PostgreSQL cannot store (#13).
    /// </summary>
    private static bool IsWellFormed(JsonNode? node)
    {
        try
        {
            return Walk(node);
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        // Enumerating an object decodes its property names, so a bad name throws here too. Depth is bounded by JsonLimits.
        static bool Walk(JsonNode? node) => node switch
        {
            JsonObject json => json.All(property => IsText(property.Key) && Walk(property.Value)),
            JsonArray array => array.All(Walk),
            JsonValue value when value.GetValueKind() == JsonValueKind.String => IsText(value.GetValue<string>()),
            _ => true,
        };

        // Property names are decoded leniently, so their surrogates are checked here.
        static bool IsText(string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '\0' || char.IsLowSurrogate(c) || (char.IsHighSurrogate(c) && (++i >= text.Length || !char.IsLowSurrogate(text[i]))))
                {
                    return false;
                }
            }
            return true;
        }
    }

    /// <summary>A form's parameters; a NUL in a field's name or value makes it invalid (see <see cref="IsWellFormed"/>).</summary>
    private static GitLabParameters FromForm(IEnumerable<KeyValuePair<string, StringValues>> query, IEnumerable<KeyValuePair<string, StringValues>> form)
    {
        var hasNul = form.Any(field => field.Key.Contains('\0', StringComparison.Ordinal)
            || field.Value.Any(value => value?.Contains('\0', StringComparison.Ordinal) == true));
        return new GitLabParameters { Query = query, Form = form, Malformed = hasNul, Invalid = hasNul };
    }

    /// <summary>The fields of a multipart form (file parts are not parameters).</summary>
    private static async Task<Dictionary<string, StringValues>> ReadMultipartFieldsAsync(MediaTypeHeaderValue mediaType, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > MaxBoundaryLength)
        {
            throw new InvalidDataException("multipart body without a usable boundary");
        }
        var fields = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        var reader = new MultipartReader(boundary, new MemoryStream(body.ToArray(), writable: false));
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.IsFormDisposition() || disposition.IsFileDisposition())
            {
                continue;
            }
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            using var text = new StreamReader(section.Body, Encoding.UTF8);
            fields[name] = StringValues.Concat(fields.GetValueOrDefault(name), await text.ReadToEndAsync(ct));
        }
        return fields;
    }
}
