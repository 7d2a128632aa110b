using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Errors;
using Mplp.Core.Modules.Collabs;
using Mplp.Core.Modules.Roles;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Modules.Collabs;

/// <summary>The Collab module's HTTP API: the collection plus participants joining and leaving.</summary>
[ApiModule(typeof(CollabModule))]
public sealed class CollabFunctions(EntityEndpoints endpoints)
{
    private const string Collection = EntityEndpoints.ApiRoot + "/collabs";
    private const string Item = Collection + "/{id}";

    [Function("Collabs_Create")]
    [ApiOperation(ApiOperation.Create)]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.CreateAsync(CollabModule.Definition, request, cancellationToken);

    [Function("Collabs_Get")]
    [ApiOperation(ApiOperation.Get)]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.GetAsync(CollabModule.Definition, request, id, cancellationToken);

    [Function("Collabs_List")]
    [ApiOperation(ApiOperation.List)]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.ListAsync(CollabModule.Definition, request, cancellationToken);

    [Function("Collabs_Patch")]
    [ApiOperation(ApiOperation.Patch)]
    public Task<IActionResult> Patch([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.PatchAsync(CollabModule.Definition, request, id, cancellationToken);

    [Function("Collabs_Delete")]
    [ApiOperation(ApiOperation.Delete)]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.DeleteAsync(CollabModule.Definition, request, id, cancellationToken);

    /// <summary>A participant joins: the body is a participant (<c>participant_id</c>, <c>kind</c>, ...).</summary>
    [Function("Collabs_Join")]
    [ApiOperation(ApiOperation.Action, Summary = "A participant joins", Part = "/$defs/collab_participant_core", Problems = [ProblemCodes.ListFull])]
    public Task<IActionResult> Join([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Item + "/participants")] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.ActOnBodyAsync(CollabModule.Definition, request, id, Capabilities.Write(CollabModule.Definition), ["participants"], (participant, collab) => collab["participants"]!.AsArray().Add(participant), cancellationToken);

    /// <summary>A participant leaves; the last one cannot (the schema wants one: 400), an unknown one is a 404.</summary>
    [Function("Collabs_Leave")]
    [ApiOperation(ApiOperation.Action, Summary = "A participant leaves (the last one cannot)")]
    public Task<IActionResult> Leave(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Item + "/participants/{participantId}")] HttpRequest request, string id, string participantId, CancellationToken cancellationToken)
        => endpoints.ActAsync(CollabModule.Definition, request, id, Capabilities.Write(CollabModule.Definition), ["participants"], collab => RemoveParticipant(collab, participantId), cancellationToken);

    private static void RemoveParticipant(JsonObject collab, string participantId)
    {
        var participants = collab["participants"]!.AsArray();
        var leaving = participants.FirstOrDefault(p => p?["participant_id"]?.GetValue<string>() == participantId)
            ?? throw Problems.ParticipantNotFound(participantId);
        participants.Remove(leaving);
    }
}
