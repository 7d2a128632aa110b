using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Mplp.Core.Modules.EvidencePacks;

/// <summary>The manifest's <c>generator</c>: this platform, its version, and a SHA-256 of the binary that wrote the pack.</summary>
public static class PackGenerator
{
    public const string Name = "mplp-functions";

    private static readonly Lazy<JsonObject> Described = new(Describe);

    public static JsonObject Object => Described.Value.DeepClone().AsObject();

    private static JsonObject Describe()
    {
        var assembly = typeof(PackGenerator).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        // The build's source revision, when the SDK put one in, follows a '+'.
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        var fingerprint = assembly.Location.Length > 0 && File.Exists(assembly.Location)
            ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(assembly.Location)))
            : Convert.ToHexStringLower(SHA256.HashData(assembly.ManifestModule.ModuleVersionId.ToByteArray()));
        return new JsonObject
        {
            ["name"] = Name,
            ["version"] = plus < 0 ? version : version[..plus],
            ["fingerprint"] = fingerprint,
        };
    }
}
