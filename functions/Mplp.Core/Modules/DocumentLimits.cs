using System.Text.Json;
using System.Text.Json.Nodes;
using Mplp.Core.Configuration;
using Mplp.Core.Errors;
using Mplp.Core.Protocol;

namespace Mplp.Core.Modules;

/// <summary>The list of an object that grows through its module (a plan's steps, a dialog's messages) and its cap.</summary>
/// <param name="Field">The top-level array, e.g. <c>messages</c>.</param>
/// <param name="Cap">Its configured maximum length.</param>
public sealed record CappedList(string Field, Func<LimitsOptions, int> Cap);

/// <summary>
/// The limits every write of an object is held to (<see cref="LimitsOptions"/>): its stored size and
/// the length of its capped list. Only growth is refused: an object stored before a limit was lowered
/// can still shrink, change its status and be read, so existing data never becomes stuck.
/// </summary>
public static class DocumentLimits
{
    /// <summary>
    /// The compact JSON the store writes (the default encoder escapes non-ASCII): what the size limit
    /// measures. An action nests its body inside the object (a message in <c>messages</c>), so a body
    /// within the request's 64 levels can make an object deeper than the writer's 64: a 400, not a 500.
    /// </summary>
    public static byte[] Serialize(JsonObject document)
    {
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(document);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw Problems.Validation("", $"The object nests too deeply to be stored: {e.Message}");
        }
    }

    /// <summary>413 DOCUMENT_TOO_LARGE when the object of <paramref name="size"/> bytes is over the limit and larger than <paramref name="before"/>.</summary>
    public static void RequireSize(ModuleDefinition module, int size, JsonObject? before, LimitsOptions limits)
    {
        // The stored object is measured only on this rare path, not on every write.
        if (size > limits.MaxDocumentBytes && (before is null || size > Serialize(before).Length))
        {
            throw Problems.DocumentTooLarge(module.Name, size, limits.MaxDocumentBytes);
        }
    }

    /// <summary>
    /// The module's capped list may not grow past its cap: an object sent too long breaks a rule of its
    /// module (422 RULE_VIOLATION), an action appending to a full list meets a full object (409 LIST_FULL).
    /// </summary>
    public static void RequireCappedList(ModuleDefinition module, JsonObject document, JsonObject? before, bool byAction, LimitsOptions limits)
    {
        if (module.CappedList is not { } list)
        {
            return;
        }

        var cap = list.Cap(limits);
        var count = CountOf(document, list.Field);
        if (count <= cap || (before is not null && count <= CountOf(before, list.Field)))
        {
            return;
        }

        throw byAction
            ? Problems.ListFull(module.Name, list.Field, cap)
            : Problems.RulesViolated(module.Name, [new SchemaError($"/{list.Field}", $"holds at most {cap} items, not {count}")]);
    }

    private static int CountOf(JsonObject document, string field) => (document[field] as JsonArray)?.Count ?? 0;
}
