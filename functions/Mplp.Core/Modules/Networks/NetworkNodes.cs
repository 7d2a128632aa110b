using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Mplp.Core.Access;
using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Protocol;

namespace Mplp.Core.Modules.Networks;

/// <summary>
/// A network's nodes: add, update, remove, heartbeat, and marking silent nodes unreachable. Every
/// change goes through the shared entity rules (schema, lifecycle, version, trace event).
/// </summary>
public sealed class NetworkNodes(EntityService entities, NetworkHeartbeats heartbeats, IOptions<NetworkOptions> options)
{
    private static readonly Actor SystemActor = Actor.System("system");
    private static ModuleDefinition Module => NetworkModule.Definition;

    public Task<StoredDocument> AddAsync(Guid networkId, JsonObject node, IfMatch ifMatch, Actor actor, CancellationToken cancellationToken)
        => entities.ActAsync(Module, networkId, ["nodes"], network =>
        {
            var added = node.DeepClone().AsObject();
            added["node_id"] ??= MplpIds.New().ToString();
            added["status"] ??= "active";
            (network["nodes"] ??= new JsonArray()).AsArray().Add(added);
        }, ifMatch, actor, cancellationToken);

    /// <summary>Merge-patches one node; its id cannot change.</summary>
    public Task<StoredDocument> UpdateAsync(Guid networkId, Guid nodeId, JsonObject patch, IfMatch ifMatch, Actor actor, CancellationToken cancellationToken)
    {
        if (patch["node_id"] is { } id && id.ToString() != nodeId.ToString())
        {
            throw Problems.Validation("/node_id", "is immutable");
        }

        return entities.ActAsync(Module, networkId, ["nodes"], network =>
        {
            var nodes = network["nodes"]!.AsArray();
            var index = nodes.IndexOf(NodeOf(network, nodeId));
            nodes[index] = JsonMergePatch.Apply(nodes[index], patch);
        }, ifMatch, actor, cancellationToken);
    }

    public async Task<StoredDocument> RemoveAsync(Guid networkId, Guid nodeId, IfMatch ifMatch, Actor actor, CancellationToken cancellationToken)
    {
        var updated = await entities.ActAsync(Module, networkId, ["nodes"], network => network["nodes"]!.AsArray().Remove(NodeOf(network, nodeId)), ifMatch, actor, cancellationToken);
        await heartbeats.ForgetAsync(networkId, nodeId, cancellationToken);
        return updated;
    }

    /// <summary>Records that the node is alive; an unreachable node that reports is active again.</summary>
    public async Task HeartbeatAsync(Guid networkId, Guid nodeId, Actor actor, CancellationToken cancellationToken)
    {
        var network = await entities.GetAsync(Module, networkId, actor, cancellationToken);
        var node = NodeOf(network.Document, nodeId);
        await heartbeats.RecordAsync(networkId, nodeId, cancellationToken);
        if (node["status"]!.GetValue<string>() == "unreachable")
        {
            await SetStatusAsync(networkId, nodeId, from: "unreachable", to: "active", actor, cancellationToken);
        }
    }

    /// <summary>Marks nodes silent for longer than the heartbeat timeout unreachable; returns how many.</summary>
    public async Task<int> MarkOverdueUnreachableAsync(CancellationToken cancellationToken)
    {
        var marked = 0;
        foreach (var (networkId, nodeId) in await heartbeats.OverdueAsync(options.Value.HeartbeatTimeout, cancellationToken))
        {
            try
            {
                marked += await SetStatusAsync(networkId, nodeId, from: null, to: "unreachable", SystemActor, cancellationToken) ? 1 : 0;
            }
            catch (ProblemException e) when (e.Problem.Status is 404 or 409)
            {
                // The network or node is gone, or the network is retired: nothing to watch any more.
                await heartbeats.ForgetAsync(networkId, nodeId, cancellationToken);
            }
        }

        return marked;
    }

    /// <summary>Sets a node's status unless it is already there, retired, or (with <paramref name="from"/>) in another status.</summary>
    private async Task<bool> SetStatusAsync(Guid networkId, Guid nodeId, string? from, string to, Actor actor, CancellationToken cancellationToken)
    {
        var changed = false;
        await entities.ActAsync(Module, networkId, ["nodes"], network =>
        {
            var node = NodeOf(network, nodeId);
            var status = node["status"]!.GetValue<string>();
            changed = status != to && status != "retired" && (from is null || status == from);
            if (changed)
            {
                node["status"] = to;
            }
        }, IfMatch.None, actor, cancellationToken);
        return changed;
    }

    private static JsonNode NodeOf(JsonObject network, Guid nodeId)
        => (network["nodes"] as JsonArray ?? []).FirstOrDefault(n => n?["node_id"]?.ToString() == nodeId.ToString())
            ?? throw Problems.NodeNotFound($"No node '{nodeId}' in this network.");
}
