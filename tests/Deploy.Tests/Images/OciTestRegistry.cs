using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace WvsMesh.Deploy.Tests.Images;

/// <summary>
/// The read half of an OCI distribution registry, in the test process on plain HTTP at 127.0.0.1: what the SDK's container
/// tooling needs to pull a base image (<c>GET /v2/</c>, <c>GET|HEAD /v2/&lt;name&gt;/manifests/&lt;tag or digest&gt;</c>,
/// <c>GET|HEAD /v2/&lt;name&gt;/blobs/&lt;digest&gt;</c>; distribution-spec "pull"). Anything else is 404.
/// </summary>
/// <remarks>
/// <see cref="HttpListener"/> rather than Kestrel: this test project has no ASP.NET Core framework reference, and a
/// registry that only answers GETs needs none.
/// </remarks>
internal sealed partial class OciTestRegistry : IDisposable
{
    private readonly HttpListener _listener;
    private readonly ConcurrentDictionary<string, Content> _blobs = new();
    private readonly ConcurrentDictionary<(string Name, string Reference), Content> _manifests = new();
    private readonly ConcurrentQueue<string> _requests = new();

    private OciTestRegistry(HttpListener listener, int port)
    {
        _listener = listener;
        Host = $"127.0.0.1:{port}";
    }

    /// <summary><c>127.0.0.1:&lt;port&gt;</c>, the registry part of an image reference.</summary>
    public string Host { get; }

    /// <summary>"METHOD path" of every request answered so far.</summary>
    public IReadOnlyCollection<string> Requests => _requests;

    public static OciTestRegistry Start()
    {
        // A free port can be taken between probing and listening: try a few.
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
                continue;
            }
            var registry = new OciTestRegistry(listener, port);
            _ = registry.ServeAsync();
            return registry;
        }
    }

    /// <summary>Stores a blob and returns its digest (<c>sha256:…</c>).</summary>
    public string AddBlob(byte[] bytes, string mediaType)
    {
        var digest = Digest(bytes);
        _blobs[digest] = new Content(bytes, mediaType, digest);
        return digest;
    }

    /// <summary>Stores a manifest or index under its digest and, when given, a tag; returns the digest.</summary>
    public string AddManifest(string name, byte[] bytes, string mediaType, string? tag = null)
    {
        var digest = Digest(bytes);
        var content = new Content(bytes, mediaType, digest);
        _manifests[(name, digest)] = content;
        if (tag is not null)
        {
            _manifests[(name, tag)] = content;
        }
        return digest;
    }

    public static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            try
            {
                Answer(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException)
            {
                // The client went away mid-answer; the next request is unaffected.
            }
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var path = request.Url?.AbsolutePath ?? "/";
        _requests.Enqueue($"{request.HttpMethod} {path}");
        response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";

        var content = request.HttpMethod is "GET" or "HEAD" ? Find(path) : null;
        if (content is null)
        {
            var error = Encoding.UTF8.GetBytes("""{"errors":[{"code":"NAME_UNKNOWN","message":"not in the test registry"}]}""");
            Send(response, request.HttpMethod, HttpStatusCode.NotFound, new Content(error, "application/json", null));
            return;
        }
        Send(response, request.HttpMethod, HttpStatusCode.OK, content);
    }

    private Content? Find(string path)
    {
        if (path is "/v2/" or "/v2")
        {
            return new Content("{}"u8.ToArray(), "application/json", null);
        }
        if (ManifestPath().Match(path) is { Success: true } manifest)
        {
            return _manifests.GetValueOrDefault((manifest.Groups["name"].Value, manifest.Groups["reference"].Value));
        }
        if (BlobPath().Match(path) is { Success: true } blob)
        {
            return _blobs.GetValueOrDefault(blob.Groups["digest"].Value);
        }
        return null;
    }

    private static void Send(HttpListenerResponse response, string method, HttpStatusCode status, Content content)
    {
        response.StatusCode = (int)status;
        response.ContentType = content.MediaType;
        response.ContentLength64 = content.Bytes.Length;
        if (content.Digest is not null)
        {
            response.Headers["Docker-Content-Digest"] = content.Digest;
        }
        if (method != "HEAD")
        {
            response.OutputStream.Write(content.Bytes);
        }
        response.Close();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [GeneratedRegex("^/v2/(?<name>[a-z0-9._/-]+)/manifests/(?<reference>[^/]+)$")]
    private static partial Regex ManifestPath();

    [GeneratedRegex("^/v2/(?<name>[a-z0-9._/-]+)/blobs/(?<digest>sha256:[0-9a-f]{64})$")]
    private static partial Regex BlobPath();

    private sealed record Content(byte[] Bytes, string MediaType, string? Digest);
}
