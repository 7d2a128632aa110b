namespace Mplp.Core.Modules.Networks;

/// <summary>
/// Network: the nodes (agents, services, queues...) that do a context's work. Lifecycle (ours):
/// draft -> provisioning | active | retired; provisioning -> active | degraded | retired; active,
/// degraded and maintenance move among themselves and -> retired (final). Nodes change through
/// their actions (add, update, remove, heartbeat), never through a patch of the network.
/// </summary>
public static class NetworkModule
{
    public static readonly Lifecycle Lifecycle = new(
        initial: ["draft", "provisioning", "active"],
        transitions: new Dictionary<string, string[]>
        {
            ["draft"] = ["provisioning", "active", "retired"],
            ["provisioning"] = ["active", "degraded", "retired"],
            ["active"] = ["degraded", "maintenance", "retired"],
            ["degraded"] = ["active", "maintenance", "retired"],
            ["maintenance"] = ["active", "degraded", "retired"],
            ["retired"] = [],
        });

    public static readonly ModuleDefinition Definition = new(
        Name: "network",
        Collection: "networks",
        IdField: "network_id",
        Lifecycle: Lifecycle,
        HasTimestamps: false,
        ImmutableFields: ["context_id", "nodes"],
        ContextIdOf: document => Guid.Parse(document["context_id"]!.GetValue<string>()))
    {
        CheckRules = NetworkRules.Check,
        CappedList = new("nodes", limits => limits.MaxNetworkNodes),
    };
}
