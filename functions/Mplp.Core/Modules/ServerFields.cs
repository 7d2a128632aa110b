using System.Text.Json.Nodes;
using Mplp.Core.Errors;
using Mplp.Core.Protocol;

namespace Mplp.Core.Modules;

/// <summary>
/// The fields the server owns: <c>meta</c> versions, authorship and times, and the top-level
/// timestamps. Clients may send them (a round-tripped object has them) but our values win;
/// <c>meta.tags</c> and <c>meta.cross_cutting</c> stay the client's.
/// </summary>
public static class ServerFields
{
    public const string ProtocolVersion = "1.0.0";
    public const string SchemaVersion = "1.0.0";

    /// <summary>The <c>meta</c> fields the server writes on every create or update.</summary>
    public static readonly IReadOnlyList<string> Stamps = ["protocol_version", "schema_version", "created_at", "created_by", "updated_at", "updated_by"];

    public static void StampNew(JsonObject document, ModuleDefinition module, string actor, DateTimeOffset now)
    {
        var at = MplpTime.Format(now);
        var meta = ClientMeta(document);
        meta["protocol_version"] = ProtocolVersion;
        meta["schema_version"] = SchemaVersion;
        meta["created_at"] = at;
        meta["created_by"] = actor;
        meta["updated_at"] = at;
        meta["updated_by"] = actor;
        document["meta"] = meta;
        if (module.HasTimestamps)
        {
            document["created_at"] = at;
            document["updated_at"] = at;
        }
    }

    /// <summary>Keeps what the stored object says about its creation; records this change.</summary>
    public static void StampUpdate(JsonObject document, JsonObject stored, ModuleDefinition module, string actor, DateTimeOffset now)
    {
        var at = MplpTime.Format(now);
        var storedMeta = stored["meta"]!.AsObject();
        var meta = ClientMeta(document);
        meta["protocol_version"] = ProtocolVersion;
        meta["schema_version"] = SchemaVersion;
        meta["created_at"] = storedMeta["created_at"]?.DeepClone();
        meta["created_by"] = storedMeta["created_by"]?.DeepClone();
        meta["updated_at"] = at;
        meta["updated_by"] = actor;
        document["meta"] = meta;
        if (module.HasTimestamps)
        {
            document["created_at"] = stored["created_at"]?.DeepClone();
            document["updated_at"] = at;
        }
    }

    /// <summary>True when the two documents differ in anything but server-kept update stamps.</summary>
    public static bool ChangedBeyondStamps(JsonObject before, JsonObject after)
    {
        var a = WithoutUpdateStamps(before);
        var b = WithoutUpdateStamps(after);
        return !JsonNode.DeepEquals(a, b);
    }

    private static JsonObject WithoutUpdateStamps(JsonObject document)
    {
        var copy = document.DeepClone().AsObject();
        copy.Remove("updated_at");
        if (copy["meta"] is JsonObject meta)
        {
            meta.Remove("updated_at");
            meta.Remove("updated_by");
        }

        return copy;
    }

    private static JsonObject ClientMeta(JsonObject document) => document["meta"] switch
    {
        null => [],
        JsonObject meta => meta.DeepClone().AsObject(),
        _ => throw Problems.Validation("/meta", "must be an object"),
    };
}
