using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace WvsMesh.Deploy.Tests.Images;

/// <summary>
/// An image as <c>ContainerArchiveOutputPath</c> writes it: a tar (gzip-compressed or not; SDK 10.0.4xx writes it plain
/// despite the .tar.gz name) holding an OCI image layout (<c>index.json</c>) or a <c>docker save</c> one
/// (<c>manifest.json</c>), read for its name, config and file list.
/// </summary>
internal sealed class ImageArchive
{
    /// <summary>manifest.json's key for the config path (a constant: CA1507 takes the literal for this class's <see cref="Config"/>).</summary>
    private const string DockerSaveConfigKey = "Config";

    private readonly Dictionary<string, byte[]> _files;

    private ImageArchive(Dictionary<string, byte[]> files, string name, JsonNode manifest)
    {
        _files = files;
        Name = name;
        Manifest = manifest;
        Config = Parse(Blob(Digest(manifest["config"])));
    }

    /// <summary>The reference the archive names, e.g. <c>docker.io/wvsmesh/gateway:dev</c> or <c>wvsmesh/gateway:dev</c>.</summary>
    public string Name { get; }

    /// <summary>The image manifest (config and layer descriptors).</summary>
    public JsonNode Manifest { get; }

    /// <summary>The image config: <c>config.Entrypoint</c>, <c>config.Env</c>, <c>config.Labels</c>, …</summary>
    public JsonNode Config { get; }

    public static ImageArchive Read(string path)
    {
        var files = new Dictionary<string, byte[]>();
        using (var archive = OpenMaybeGzipped(File.OpenRead(path)))
        using (var reader = new TarReader(archive))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.DataStream is { } data)
                {
                    using var copy = new MemoryStream();
                    data.CopyTo(copy);
                    files[entry.Name.TrimStart('.', '/')] = copy.ToArray();
                }
            }
        }

        if (files.TryGetValue("index.json", out var index))
        {
            var image = Parse(index)["manifests"]!.AsArray().Single()!;
            var name = image["annotations"]?["io.containerd.image.name"]?.GetValue<string>()
                ?? image["annotations"]?["org.opencontainers.image.ref.name"]?.GetValue<string>()
                ?? "";
            var manifest = Parse(files[BlobPath(Digest(image))]);
            return new ImageArchive(files, name, manifest);
        }
        // docker save layout: manifest.json names the config and the layers by path rather than by descriptor.
        var saved = Parse(files["manifest.json"]).AsArray().Single()!;
        var docker = new JsonObject
        {
            ["config"] = new JsonObject { ["digest"] = saved[DockerSaveConfigKey]!.GetValue<string>() },
            ["layers"] = new JsonArray(saved["Layers"]!.AsArray()
                .Select(layer => (JsonNode)new JsonObject { ["digest"] = layer!.GetValue<string>() }).ToArray()),
        };
        return new ImageArchive(files, saved["RepoTags"]!.AsArray().Single()!.GetValue<string>(), docker);
    }

    /// <summary>The file paths of layer <paramref name="index"/> (0 is the base image's first), as in the layer's tar.</summary>
    public IReadOnlyList<string> LayerFiles(int index)
    {
        var digest = Digest(Manifest["layers"]![index]);
        using var layer = OpenMaybeGzipped(new MemoryStream(Blob(digest)));
        using var reader = new TarReader(layer);
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
        }
        return names;
    }

    public int LayerCount => Manifest["layers"]!.AsArray().Count;

    /// <summary>A blob by digest (OCI layout) or by its path in the archive (docker save layout).</summary>
    private byte[] Blob(string reference) => _files.TryGetValue(BlobPath(reference), out var blob) ? blob : _files[reference];

    private static string Digest(JsonNode? descriptor) => descriptor!["digest"]!.GetValue<string>();

    private static string BlobPath(string digest) => "blobs/" + digest.Replace(':', '/');

    private static JsonNode Parse(byte[] json) => JsonNode.Parse(json)!;

    private static Stream OpenMaybeGzipped(Stream stream)
    {
        var buffered = new BufferedStream(stream);
        Span<byte> magic = stackalloc byte[2];
        var read = buffered.Read(magic);
        buffered.Seek(0, SeekOrigin.Begin);
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(buffered, CompressionMode.Decompress) : buffered;
    }
}
