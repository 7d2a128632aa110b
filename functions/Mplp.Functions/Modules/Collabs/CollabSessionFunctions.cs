using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Collabs;
using Mplp.Core.Modules.Roles;
using Mplp.Core.Protocol;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;
using Mplp.Orchestrations.CollabSessions;

namespace Mplp.Functions.Modules.Collabs;

/// <summary>Collaboration sessions: the <c>CollabSession</c> orchestration (one at a time per collab) and how far it is.</summary>
[ApiModule(typeof(CollabModule))]
public sealed class CollabSessionFunctions(EntityEndpoints endpoints, EntityService entities, DocumentStore store, JsonBody json)
{
    private const string Item = EntityEndpoints.ApiRoot + "/collabs/{id}";
    private static ModuleDefinition Module => CollabModule.Definition;

    /// <summary>
    /// 202; needs <c>collab:execute</c> (it sets agents to work). The collab must be active with a
    /// round_robin or broadcast mode (409 otherwise), not in a session already, and every
    /// participant's <c>role_id</c> must name an existing Role (422): its turns go to that role.
    /// </summary>
    [Function("Collabs_Start")]
    [ApiOperation(ApiOperation.Custom, Status = 202, Summary = "Start a collaboration session (round_robin or broadcast) among the participants",
        Part = PlatformComponents.SessionRequest, Response = PlatformComponents.Session, Capability = Capabilities.CollabExecute,
        Problems = [ProblemCodes.CollabNotActive, ProblemCodes.ModeNotSupported, ProblemCodes.SessionRunning, ProblemCodes.RuleViolation])]
    public Task<IActionResult> Start(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Item + "/start")] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
        => endpoints.RunAsync(Module, request, Capabilities.CollabExecute, async actor =>
        {
            var collabId = RouteIds.Parse(Module.Name, id);
            var fields = new PlatformBody(JsonBody.IsPresent(request) ? await json.ReadObjectAsync(request, cancellationToken) : [], "rounds", "prompt", "turn_timeout_seconds");
            var rounds = fields.Integer("rounds", 1, 20) ?? 1;
            var prompt = fields.Text("prompt", required: false) ?? "your turn";
            var timeout = fields.Integer("turn_timeout_seconds", 1, 24 * 3600) is { } seconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(5);
            fields.ThrowIfInvalid();

            var collab = (await entities.GetAsync(Module, collabId, actor, cancellationToken)).Document;
            var status = collab["status"]!.GetValue<string>();
            var mode = collab["mode"]!.GetValue<string>();
            if (status != "active")
            {
                throw Problems.CollabNotActive(status);
            }

            if (mode is not (CollabSessionOrchestrator.RoundRobin or CollabSessionOrchestrator.Broadcast))
            {
                throw Problems.ModeNotSupported(mode);
            }

            await RequireParticipantRolesAsync(collab, cancellationToken);
            var instanceId = CollabSessionOrchestrator.InstanceIdOf(collabId);
            if (await client.GetInstanceAsync(instanceId, cancellationToken) is { IsCompleted: false })
            {
                throw Problems.SessionRunning($"See GET /{EntityEndpoints.ApiRoot}/collabs/{collabId}/session.");
            }

            await client.ScheduleNewOrchestrationInstanceAsync(CollabSessionOrchestrator.Name, new CollabSessionInput(collabId, mode, rounds, prompt, timeout),
                new StartOrchestrationOptions(instanceId), cancellationToken);
            return ApiResponse.Json(StatusCodes.Status202Accepted, Session(collabId, "running", mode, null))
                .WithHeader("Location", $"/{EntityEndpoints.ApiRoot}/collabs/{collabId}/session");
        });

    [Function("Collabs_GetSession")]
    [ApiOperation(ApiOperation.Custom, Summary = "The collab's latest session and its turns", Response = PlatformComponents.Session, Capability = "collab:read")]
    public Task<IActionResult> GetSession(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Item + "/session")] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
        => endpoints.RunAsync(Module, request, Capabilities.Read(Module), async actor =>
        {
            var collabId = RouteIds.Parse(Module.Name, id);
            await entities.GetAsync(Module, collabId, actor, cancellationToken);
            var session = await WorkflowStatus.ReadAsync<CollabSessionInput, CollabSessionState>(
                client, CollabSessionOrchestrator.InstanceIdOf(collabId), "session", $"The collab {collabId} has had no session.", state => state.Status, cancellationToken);
            return ApiResponse.Json(StatusCodes.Status200OK, Session(collabId, session.Status, session.Input?.Mode, session.State));
        });

    /// <summary>422 unless every participant names an existing Role by its <c>role_id</c>: a turn is claimed by holding that role.</summary>
    private async Task RequireParticipantRolesAsync(JsonObject collab, CancellationToken cancellationToken)
    {
        var broken = new List<SchemaError>();
        var participants = collab["participants"] as JsonArray ?? [];
        for (var i = 0; i < participants.Count; i++)
        {
            var roleId = participants[i]?["role_id"]?.GetValue<string>();
            if (!Guid.TryParse(roleId, out var id) || await store.GetAsync(RoleModule.Definition.Collection, id, cancellationToken) is null)
            {
                broken.Add(new SchemaError($"/participants/{i}/role_id", "must be the role_id of an existing Role"));
            }
        }

        if (broken.Count > 0)
        {
            throw Problems.RulesViolated(Module.Name, broken);
        }
    }

    private static JsonObject Session(Guid collabId, string status, string? mode, CollabSessionState? state) => new()
    {
        ["session_id"] = CollabSessionOrchestrator.InstanceIdOf(collabId),
        ["collab_id"] = collabId.ToString(),
        ["status"] = status,
        ["mode"] = mode,
        ["turns"] = new JsonArray([.. (state?.Turns ?? []).Select(t => (JsonNode)new JsonObject
        {
            ["participant_id"] = t.ParticipantId,
            ["round"] = t.Round,
            ["status"] = t.Status,
            ["output"] = t.Output,
        })]),
    };
}
