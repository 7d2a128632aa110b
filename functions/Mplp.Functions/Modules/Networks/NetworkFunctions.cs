using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Access;
using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Modules.Networks;
using Mplp.Core.Modules.Roles;
using Mplp.Core.Protocol;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Modules.Networks;

/// <summary>The Network module's HTTP API: the collection plus its nodes and their heartbeats.</summary>
[ApiModule(typeof(NetworkModule))]
public sealed class NetworkFunctions(EntityEndpoints endpoints, NetworkNodes nodes, NetworkRegions regions, JsonBody json)
{
    private const string Collection = EntityEndpoints.ApiRoot + "/networks";
    private const string Item = Collection + "/{id}";
    private const string Node = Item + "/nodes";

    [Function("Networks_Create")]
    [ApiOperation(ApiOperation.Create)]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.CreateAsync(NetworkModule.Definition, request, cancellationToken);

    [Function("Networks_Get")]
    [ApiOperation(ApiOperation.Get)]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.GetAsync(NetworkModule.Definition, request, id, cancellationToken);

    [Function("Networks_List")]
    [ApiOperation(ApiOperation.List)]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.ListAsync(NetworkModule.Definition, request, cancellationToken);

    [Function("Networks_Patch")]
    [ApiOperation(ApiOperation.Patch)]
    public Task<IActionResult> Patch([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.PatchAsync(NetworkModule.Definition, request, id, cancellationToken);

    [Function("Networks_Delete")]
    [ApiOperation(ApiOperation.Delete)]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.DeleteAsync(NetworkModule.Definition, request, id, cancellationToken);

    /// <summary>Adds a node (<c>kind</c>, <c>name</c>, ...; <c>node_id</c> and <c>status</c> default to new and active).</summary>
    [Function("Networks_AddNode")]
    [ApiOperation(ApiOperation.Action, Summary = "Add a node (node_id and status default to new and active)", Part = "/$defs/network_node_core", Problems = [ProblemCodes.ListFull])]
    public Task<IActionResult> AddNode([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Node)] HttpRequest request, string id, CancellationToken cancellationToken)
        => OnNetworkAsync(request, id, Capabilities.Write(NetworkModule.Definition), async (networkId, actor) =>
            ApiResponse.Document(StatusCodes.Status200OK, await nodes.AddAsync(networkId, await json.ReadObjectAsync(request, cancellationToken), IfMatch.Parse(request.Headers.IfMatch), actor, cancellationToken)));

    /// <summary>Merge-patches one node (its status, name, ...).</summary>
    [Function("Networks_UpdateNode")]
    [ApiOperation(ApiOperation.Action, Summary = "Merge-patch one node", Problems = [ProblemCodes.DocumentTooLarge])]
    public Task<IActionResult> UpdateNode([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = Node + "/{nodeId}")] HttpRequest request, string id, string nodeId, CancellationToken cancellationToken)
        => OnNetworkAsync(request, id, Capabilities.Write(NetworkModule.Definition), async (networkId, actor) =>
            ApiResponse.Document(StatusCodes.Status200OK, await nodes.UpdateAsync(networkId, NodeIdOf(nodeId), await json.ReadObjectAsync(request, cancellationToken), IfMatch.Parse(request.Headers.IfMatch), actor, cancellationToken)));

    [Function("Networks_RemoveNode")]
    [ApiOperation(ApiOperation.Action, Summary = "Remove a node")]
    public Task<IActionResult> RemoveNode([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Node + "/{nodeId}")] HttpRequest request, string id, string nodeId, CancellationToken cancellationToken)
        => OnNetworkAsync(request, id, Capabilities.Write(NetworkModule.Definition), async (networkId, actor) =>
            ApiResponse.Document(StatusCodes.Status200OK, await nodes.RemoveAsync(networkId, NodeIdOf(nodeId), IfMatch.Parse(request.Headers.IfMatch), actor, cancellationToken)));

    /// <summary>204: the node is alive. Nodes that have sent one and fall silent are marked unreachable.</summary>
    [Function("Networks_Heartbeat")]
    [ApiOperation(ApiOperation.Custom, Status = 204, Summary = "A node reports it is alive; silent nodes become unreachable", Capability = Capabilities.NetworkHeartbeat)]
    public Task<IActionResult> Heartbeat([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Node + "/{nodeId}/heartbeat")] HttpRequest request, string id, string nodeId, CancellationToken cancellationToken)
        => OnNetworkAsync(request, id, Capabilities.NetworkHeartbeat, async (networkId, actor) =>
        {
            await nodes.HeartbeatAsync(networkId, NodeIdOf(nodeId), actor, cancellationToken);
            return ApiResponse.NoContent();
        });

    /// <summary>The deployment's regions (one release per region): which one answers, whether it is the primary, its peers.</summary>
    [Function("Networks_Regions")]
    [ApiOperation(ApiOperation.Custom, Summary = "This installation's region, whether it is the primary, its peer regions and what crosses regions",
        Response = PlatformComponents.Regions, Capability = "network:read")]
    public Task<IActionResult> Regions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = EntityEndpoints.ApiRoot + "/regions")] HttpRequest request)
        => endpoints.RunAsync(NetworkModule.Definition, request, Capabilities.Read(NetworkModule.Definition), _ =>
            Task.FromResult<IActionResult>(ApiResponse.Json(StatusCodes.Status200OK, regions.Describe())));

    private Task<IActionResult> OnNetworkAsync(HttpRequest request, string id, string capability, Func<Guid, Actor, Task<IActionResult>> handler)
        => endpoints.RunAsync(NetworkModule.Definition, request, capability, actor => handler(RouteIds.Parse(NetworkModule.Definition.Name, id), actor));

    private static Guid NodeIdOf(string nodeId)
        => MplpIds.TryParse(nodeId, out var id) ? id : throw Problems.NodeNotFound($"'{nodeId}' is not a node id (a lower-case UUID v4).");
}
