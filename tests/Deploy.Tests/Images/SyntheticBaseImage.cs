using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace WvsMesh.Deploy.Tests.Images;

/// <summary>
/// A base image small enough to build in the test: one gzipped layer holding <c>/etc/passwd</c> and <c>/etc/group</c>
/// with the <c>app</c> user (uid 1654) of the .NET images, a config per platform, an OCI index over linux/amd64 and
/// linux/arm64 so the SDK picks by runtime identifier as it does for mcr.microsoft.com/dotnet/aspnet.
/// </summary>
internal static class SyntheticBaseImage
{
    public const string IndexMediaType = "application/vnd.oci.image.index.v1+json";
    public const string ManifestMediaType = "application/vnd.oci.image.manifest.v1+json";
    private const string ConfigMediaType = "application/vnd.oci.image.config.v1+json";
    private const string LayerMediaType = "application/vnd.oci.image.layer.v1.tar+gzip";

    /// <summary>Stores the image in <paramref name="registry"/> as <c>name:tag</c>; returns the layer's digest.</summary>
    public static string Push(OciTestRegistry registry, string name, string tag)
    {
        var (layer, diffId) = Layer();
        var layerDigest = registry.AddBlob(layer, LayerMediaType);
        var platforms = new JsonArray();
        foreach (var architecture in new[] { "amd64", "arm64" })
        {
            var config = Json(new JsonObject
            {
                ["architecture"] = architecture,
                ["os"] = "linux",
                ["config"] = new JsonObject
                {
                    ["Env"] = new JsonArray("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
                },
                ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(diffId) },
                ["history"] = new JsonArray(new JsonObject { ["created_by"] = "WvsMesh Deploy.Tests synthetic base" }),
            });
            var manifest = Json(new JsonObject
            {
                ["schemaVersion"] = 2,
                ["mediaType"] = ManifestMediaType,
                ["config"] = Descriptor(ConfigMediaType, registry.AddBlob(config, ConfigMediaType), config.Length),
                ["layers"] = new JsonArray(Descriptor(LayerMediaType, layerDigest, layer.Length)),
            });
            var entry = Descriptor(ManifestMediaType, registry.AddManifest(name, manifest, ManifestMediaType), manifest.Length);
            entry["platform"] = new JsonObject { ["architecture"] = architecture, ["os"] = "linux" };
            platforms.Add(entry);
        }
        var index = Json(new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = IndexMediaType, ["manifests"] = platforms });
        registry.AddManifest(name, index, IndexMediaType, tag);
        return layerDigest;
    }

    private static (byte[] Gzipped, string DiffId) Layer()
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "etc/") { Mode = (UnixFileMode)0b111_101_101 });
            Write(writer, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1654:1654::/home/app:/bin/sh\n");
            Write(writer, "etc/group", "root:x:0:\napp:x:1654:\n");
        }
        var uncompressed = tar.ToArray();
        using var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(uncompressed);
        }
        return (gzipped.ToArray(), OciTestRegistry.Digest(uncompressed));
    }

    private static void Write(TarWriter writer, string path, string text)
    {
        using var data = new MemoryStream(Encoding.UTF8.GetBytes(text));
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { Mode = (UnixFileMode)0b110_100_100, DataStream = data });
    }

    private static JsonObject Descriptor(string mediaType, string digest, long size) =>
        new() { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = size };

    private static byte[] Json(JsonObject value) => Encoding.UTF8.GetBytes(value.ToJsonString());
}
