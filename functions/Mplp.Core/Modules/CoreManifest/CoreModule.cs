using System.Text.Json.Nodes;
using Mplp.Core.Protocol;

namespace Mplp.Core.Modules.CoreManifest;

/// <summary>
/// Core: the instance manifest, one per installation, listing the ten MPLP modules and whether
/// each is enabled. It owns a trace (like a context) where its changes are logged. Lifecycle:
/// active -> deprecated -> archived (final), deprecated -> active.
/// </summary>
public static class CoreModule
{
    /// <summary>Every MPLP v1.0.0 module, in the protocol's order.</summary>
    public static readonly IReadOnlyList<string> ProtocolModules = ["context", "plan", "confirm", "trace", "role", "extension", "dialog", "collab", "core", "network"];

    /// <summary>Modules the platform cannot run without: everything lives in a context, and core is how modules are switched.</summary>
    public static readonly IReadOnlyList<string> Required = ["context", "core"];

    public static readonly Lifecycle Lifecycle = new(
        initial: ["active"],
        transitions: new Dictionary<string, string[]>
        {
            ["draft"] = ["active"],
            ["active"] = ["deprecated"],
            ["deprecated"] = ["active", "archived"],
            ["archived"] = [],
        });

    public static readonly ModuleDefinition Definition = new(
        Name: "core",
        Collection: "core",
        IdField: "core_id",
        Lifecycle: Lifecycle,
        HasTimestamps: false,
        // Modules are switched one at a time through their action, which keeps the required ones on.
        ImmutableFields: ["modules", "protocol_version", "trace"],
        ContextIdOf: _ => null)
    {
        OwnTraceIdOf = OwnTrace.IdOf,
    };

    /// <summary>The manifest of a new installation: every module enabled.</summary>
    public static JsonObject NewManifest() => new()
    {
        ["core_id"] = MplpIds.New().ToString(),
        ["protocol_version"] = ServerFields.ProtocolVersion,
        ["status"] = "active",
        ["trace"] = OwnTrace.New(),
        ["modules"] = new JsonArray([.. ProtocolModules.Select(m => (JsonNode)new JsonObject
        {
            ["module_id"] = m,
            ["version"] = ServerFields.ProtocolVersion,
            ["status"] = "enabled",
            ["required"] = Required.Contains(m),
            ["description"] = $"The {m} module.",
        })]),
    };
}
