using System.Security.Cryptography;

namespace WvsMesh.ServiceDefaults.Security;

/// <summary>
/// The key of <see cref="SecretCipher"/>: <c>WVS_ENCRYPTION_KEY</c> when set; otherwise one generated once into the data directory
/// (<c>encryption.key</c>, owner-only), so the embedded mode needs no set-up and survives restarts.
/// </summary>
public static class EncryptionKey
{
    /// <summary>The key bytes for <paramref name="options"/>.</summary>
    public static byte[] Load(WvsOptions options)
    {
        if (!string.IsNullOrEmpty(options.EncryptionKey))
        {
            return SecretCipher.KeyFrom(options.EncryptionKey);
        }
        var path = Path.Combine(options.DataDirectory(), "encryption.key");
        if (!File.Exists(path))
        {
            var created = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using var file = new FileStream(path, fileOptions);
            using var writer = new StreamWriter(file);
            writer.Write(created);
        }
        return SecretCipher.KeyFrom(File.ReadAllText(path).Trim());
    }
}
