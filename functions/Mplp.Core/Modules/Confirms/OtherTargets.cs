using System.Text.Json.Nodes;
using Mplp.Core.Protocol;

namespace Mplp.Core.Modules.Confirms;

/// <summary>
/// A confirm of an action outside MPLP (<c>target_type: "other"</c>), such as a tool call an agent
/// wants to make. There is no object to read, so the confirm carries what a round needs in its trace
/// reference (schema-valid, and seen by every reader of the confirm): <c>trace.context_id</c> names its
/// context (where it lives, who may decide, whose trace logs it) and <c>trace.attributes.action</c>
/// the action. The confirm stands in for its target: its author is the one who asked, for the four eyes.
/// </summary>
public static class OtherTargets
{
    public const string TargetType = "other";

    public static bool Is(JsonObject confirm)
        => confirm["target_type"] is JsonValue value && value.TryGetValue<string>(out var type) && type == TargetType;

    /// <summary>The context an <c>other</c> confirm names; null for any other confirm (those live in their target's context).</summary>
    public static Guid? ContextIdOf(JsonObject confirm)
        => Is(confirm) && confirm["trace"]?["context_id"] is JsonValue value && value.TryGetValue<string>(out var text) && MplpIds.TryParse(text, out var id)
            ? id
            : null;

    /// <summary>What is to be approved, as the requester described it.</summary>
    public static JsonObject? ActionOf(JsonObject confirm) => confirm["trace"]?["attributes"]?["action"] as JsonObject;

    /// <summary>A short name of the action for people: its <c>tool</c> or <c>name</c>.</summary>
    public static string? TitleOf(JsonObject confirm)
        => (ActionOf(confirm) is { } action ? action["tool"] ?? action["name"] : null) is JsonValue value && value.TryGetValue<string>(out var title) ? title : null;

    /// <summary>A new pending confirm asking to take <paramref name="action"/> in the context whose trace is <paramref name="traceId"/>.</summary>
    public static JsonObject New(Guid contextId, Guid traceId, JsonObject action, string requestedByRole, string? reason)
    {
        var confirm = new JsonObject
        {
            ["target_type"] = TargetType,
            ["target_id"] = MplpIds.New().ToString(),
            ["status"] = "pending",
            ["requested_by_role"] = requestedByRole,
            ["trace"] = new JsonObject
            {
                ["trace_id"] = traceId.ToString(),
                ["span_id"] = MplpIds.New().ToString(),
                ["context_id"] = contextId.ToString(),
                ["attributes"] = new JsonObject { ["action"] = action.DeepClone() },
            },
        };
        if (reason is not null)
        {
            confirm["reason"] = reason;
        }

        return confirm;
    }

    /// <summary>An <c>other</c> confirm must name its context: nothing else would say where it lives.</summary>
    public static IReadOnlyList<SchemaError> Check(JsonObject confirm)
        => ContextIdOf(confirm) is null
            ? [new SchemaError("/trace/context_id", "a confirm of an action outside MPLP (target_type other) names its context here")]
            : [];
}
