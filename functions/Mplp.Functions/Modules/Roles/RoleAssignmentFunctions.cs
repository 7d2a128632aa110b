using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Errors;
using Mplp.Core.Modules.Roles;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Modules.Roles;

/// <summary>Who holds a role: assignments of the role to principals, everywhere or within one context.</summary>
[ApiModule(typeof(RoleModule))]
public sealed class RoleAssignmentFunctions(EntityEndpoints endpoints, RoleAssignments assignments, JsonBody json)
{
    private const string Assignments = RoleFunctions.Item + "/assignments";
    private static Core.Modules.ModuleDefinition Module => RoleModule.Definition;

    [Function("Roles_Assign")]
    [ApiOperation(ApiOperation.Custom, Status = 201, Summary = "Assign the role to a principal, everywhere or within one context",
        Part = PlatformComponents.AssignmentRequest, Response = PlatformComponents.Assignment, Capability = Capabilities.RoleAssign,
        Problems = [ProblemCodes.EscalationForbidden, ProblemCodes.AssignmentAlreadyExists, ProblemCodes.ReferenceNotFound])]
    public Task<IActionResult> Assign([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Assignments)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.RunAsync(Module, request, Capabilities.RoleAssign, async actor =>
        {
            var roleId = RouteIds.Parse(Module.Name, id);
            var assignment = await assignments.AssignAsync(roleId, await json.ReadObjectAsync(request, cancellationToken), actor, cancellationToken);
            return ApiResponse.Json(StatusCodes.Status201Created, assignment)
                .WithHeader("Location", $"/{Assignments.Replace("{id}", id, StringComparison.Ordinal)}/{assignment["assignment_id"]}");
        });

    [Function("Roles_ListAssignments")]
    [ApiOperation(ApiOperation.ListItems, Summary = "List the role's assignments", Part = PlatformComponents.Assignment)]
    public Task<IActionResult> ListAssignments([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Assignments)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.RunAsync(Module, request, Capabilities.Read(Module), async actor =>
        {
            var page = await assignments.ListAsync(RouteIds.Parse(Module.Name, id), ListQueries.Parse(request.Query).Page, actor, cancellationToken);
            return ApiResponse.Json(StatusCodes.Status200OK, new JsonObject
            {
                ["items"] = new JsonArray([.. page.Items]),
                ["next_cursor"] = page.NextCursor,
            });
        });

    [Function("Roles_Unassign")]
    [ApiOperation(ApiOperation.Custom, Status = 204, Summary = "Take the role back from a principal", Capability = Capabilities.RoleAssign)]
    public Task<IActionResult> Unassign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Assignments + "/{assignmentId}")] HttpRequest request, string id, string assignmentId, CancellationToken cancellationToken)
        => endpoints.RunAsync(Module, request, Capabilities.RoleAssign, async actor =>
        {
            await assignments.RevokeAsync(RouteIds.Parse(Module.Name, id), RouteIds.Parse("assignment", assignmentId), actor, cancellationToken);
            return ApiResponse.NoContent();
        });
}
