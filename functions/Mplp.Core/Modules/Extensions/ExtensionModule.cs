using Mplp.Core.Modules.Extensions.Webhooks;

namespace Mplp.Core.Modules.Extensions;

/// <summary>
/// Extension: a capability, policy or integration registered for a context. Lifecycle (ours):
/// registered -> active | deprecated; active &lt;-&gt; inactive; active and inactive -> deprecated;
/// deprecated is final. Only the actions activate, deactivate and deprecate change the status;
/// a patch edits the rest (config, version, ...). An active <c>integration</c> extension with
/// <c>config.webhook</c> is a webhook subscription (<see cref="WebhookConfig"/>).
/// </summary>
public static class ExtensionModule
{
    public static readonly Lifecycle Lifecycle = new(
        initial: ["registered"],
        transitions: new Dictionary<string, string[]>
        {
            ["registered"] = ["active", "deprecated"],
            ["active"] = ["inactive", "deprecated"],
            ["inactive"] = ["active", "deprecated"],
            ["deprecated"] = [],
        },
        actionOnly: ["active", "inactive", "deprecated"]);

    public static readonly ModuleDefinition Definition = new(
        Name: "extension",
        Collection: "extensions",
        IdField: "extension_id",
        Lifecycle: Lifecycle,
        HasTimestamps: false,
        ImmutableFields: ["context_id"],
        ContextIdOf: document => Guid.Parse(document["context_id"]!.GetValue<string>()))
    {
        CheckRules = WebhookConfig.Check,
    };
}
