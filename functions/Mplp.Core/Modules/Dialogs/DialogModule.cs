using System.Text.Json.Nodes;

namespace Mplp.Core.Modules.Dialogs;

/// <summary>
/// Dialog: a conversation inside a context. Lifecycle (ours): active &lt;-&gt; paused; active and
/// paused -> completed | cancelled (final). Messages are appended through their action, never
/// rewritten by a patch, so the conversation is an honest record.
/// </summary>
public static class DialogModule
{
    public static readonly Lifecycle Lifecycle = new(
        initial: ["active", "paused"],
        transitions: new Dictionary<string, string[]>
        {
            ["active"] = ["paused", "completed", "cancelled"],
            ["paused"] = ["active", "completed", "cancelled"],
            ["completed"] = [],
            ["cancelled"] = [],
        });

    public static readonly ModuleDefinition Definition = new(
        Name: "dialog",
        Collection: "dialogs",
        IdField: "dialog_id",
        Lifecycle: Lifecycle,
        HasTimestamps: false,
        ImmutableFields: ["context_id", "messages"],
        ContextIdOf: document => Guid.Parse(document["context_id"]!.GetValue<string>()))
    {
        PrepareNew = (document, _) => document["messages"] ??= new JsonArray(),
        CappedList = new("messages", limits => limits.MaxDialogMessages),
    };
}
