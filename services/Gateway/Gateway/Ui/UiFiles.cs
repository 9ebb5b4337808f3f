using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace WvsMesh.Gateway.Ui;

/// <summary>One file of <c>Ui/wwwroot</c>, with its content type and a strong entity tag of its bytes.</summary>
internal sealed record UiFile(byte[] Content, string ContentType, EntityTagHeaderValue ETag);

/// <summary>
/// <c>Ui/wwwroot/**</c>, embedded in this assembly as <c>ui/&lt;relative path&gt;</c> (Gateway.csproj) and read once: the
/// app page and its assets ship inside the gateway, the same in every host, with nothing to deploy beside it.
/// </summary>
internal sealed class UiFiles
{
    private const string Prefix = "ui/";
    private const string AppPagePath = "app.html";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    private readonly FrozenDictionary<string, UiFile> _files = Load();

    /// <summary>The app page's template, with <c>{{csrf_token}}</c> and <c>{{username}}</c> still in it.</summary>
    public string AppPage { get; }

    public UiFiles() =>
        AppPage = _files.TryGetValue(AppPagePath, out var page)
            ? Encoding.UTF8.GetString(page.Content)
            : throw new InvalidOperationException("Ui/wwwroot/app.html is not embedded in the gateway.");

    /// <summary>The asset at <paramref name="path"/> under <c>assets/</c>; only embedded names match, so no path leaves the folder.</summary>
    public UiFile? Asset(string path) => _files.GetValueOrDefault("assets/" + path);

    private static FrozenDictionary<string, UiFile> Load()
    {
        var assembly = typeof(UiFiles).Assembly;
        var files = new Dictionary<string, UiFile>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(name => name.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"resource {name} vanished");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            // %(RecursiveDir) carries the build machine's separator.
            var path = name[Prefix.Length..].Replace('\\', '/');
            var etag = new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..32] + "\"");
            files[path] = new UiFile(content, ContentTypeOf(path), etag);
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string path)
    {
        var type = ContentTypes.TryGetContentType(path, out var known) ? known : "application/octet-stream";
        return type.StartsWith("text/", StringComparison.Ordinal) || type is "application/json" or "image/svg+xml" ? type + "; charset=utf-8" : type;
    }
}
