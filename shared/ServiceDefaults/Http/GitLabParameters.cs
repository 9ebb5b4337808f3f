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
                return new GitLabParameters { Query = request.Query, Form = form };
            }
            catch (InvalidDataException)
            {
                return new GitLabParameters { Query = request.Query, Malformed = true };
            }
        }
        if (request.HasJsonContentType())
        {
            try
            {
                var node = await JsonNode.ParseAsync(request.Body, cancellationToken: context.RequestAborted);
                return node is JsonObject json
                    ? new GitLabParameters { Query = request.Query, Json = json }
                    : new GitLabParameters { Query = request.Query, Malformed = node is not null };
            }
            catch (JsonException)
            {
                return new GitLabParameters { Query = request.Query, Malformed = true };
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
                return new GitLabParameters { Query = query, Form = reader.ReadForm() };
            }
            if (mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            {
                return new GitLabParameters { Query = query, Form = await ReadMultipartFieldsAsync(mediaType, body, ct) };
            }
            if (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))
            {
                var node = JsonNode.Parse(body.Span);
                return node is JsonObject json
                    ? new GitLabParameters { Query = query, Json = json }
                    : new GitLabParameters { Query = query, Malformed = node is not null };
            }
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or IOException)
        {
            return new GitLabParameters { Query = query, Malformed = true };
        }
        return new GitLabParameters { Query = query };
    }

    /// <summary>The fields of a multipart form (file parts are not parameters).</summary>
    private static async Task<Dictionary<string, StringValues>> ReadMultipartFieldsAsync(MediaTypeHeaderValue mediaType, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            throw new InvalidDataException("multipart body without a boundary");
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
