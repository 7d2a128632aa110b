using System.Net;
using System.Text.Json.Nodes;

namespace Mplp.Functions.Tests.Modules.Roles;

public sealed class RoleApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact(Timeout = 30_000)]
    public async Task Create_WithCapabilities_Returns201WithOwnTraceAndNoStatus()
    {
        var (response, role) = await api.SendAsync(HttpMethod.Post, "/api/v1/roles", new { name = "planner", capabilities = new[] { "plan:read", "plan:write", "context:*" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(role.ContainsKey("status"));
        Assert.Equal(TestTokensAdmin, role["meta"]!["created_by"]!.GetValue<string>());
        ApiFixture.AssertValid("role", role);
        var types = await api.EventTypesAsync(role["trace"]!["trace_id"]!.GetValue<string>(), 1, CancellationToken.None);
        Assert.Contains("role.created", types);
    }

    [Fact(Timeout = 30_000)]
    public async Task Create_UnknownCapability_Returns422WithPath()
    {
        var (response, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/roles", new { name = "r", capabilities = new[] { "plan:read", "plan.create" } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("RULE_VIOLATION", problem["code"]!.GetValue<string>());
        Assert.Equal("/capabilities/1", problem["errors"]![0]!["path"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task Create_NameTakenIgnoringCase_Returns409AndCreatesNothing()
    {
        var name = Testing.TestEnvironment.UniqueName("Reviewer");
        await api.SendAsync(HttpMethod.Post, "/api/v1/roles", new { name, capabilities = new[] { "confirm:decide" } });
        var roleId = Guid.NewGuid().ToString();

        var (response, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/roles", new { role_id = roleId, name = name.ToUpperInvariant(), capabilities = new[] { "confirm:decide" } });
        var (read, _) = await api.SendAsync(HttpMethod.Get, $"/api/v1/roles/{roleId}");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("ROLE_NAME_TAKEN", problem["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Patch_NameToATakenName_Returns409_ToItsOwnInAnotherCase_Returns200()
    {
        var taken = await NewRoleAsync("plan:read");
        var role = await NewRoleAsync("plan:read");
        var takenName = taken["name"]!.GetValue<string>();
        var ownName = role["name"]!.GetValue<string>();

        var (refused, problem) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/roles/{role["role_id"]}", new { name = takenName.ToUpperInvariant() });
        var (renamed, after) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/roles/{role["role_id"]}", new { name = ownName.ToUpperInvariant() });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("ROLE_NAME_TAKEN", problem["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(ownName.ToUpperInvariant(), after["name"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task List_ByStatus_Returns400RolesHaveNoStatus()
    {
        var (response, problem) = await api.SendAsync(HttpMethod.Get, "/api/v1/roles?status=active");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_QUERY_PARAMETER", problem["code"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task Assign_ListUnassign_RoundTripsAndLogsToTheRoleTrace()
    {
        var role = await NewRoleAsync("plan:read");

        var (created, assignment) = await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{role["role_id"]}/assignments", new { principal = "agent-7" });
        var (_, page) = await api.SendAsync(HttpMethod.Get, $"/api/v1/roles/{role["role_id"]}/assignments");
        var (deleted, _) = await api.SendAsync(HttpMethod.Delete, $"/api/v1/roles/{role["role_id"]}/assignments/{assignment["assignment_id"]}");
        var (_, after) = await api.SendAsync(HttpMethod.Get, $"/api/v1/roles/{role["role_id"]}/assignments");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/roles/{role["role_id"]}/assignments/{assignment["assignment_id"]}", created.Headers.Location!.OriginalString);
        Assert.Equal("agent-7", assignment["principal"]!.GetValue<string>());
        Assert.Null(assignment["context_id"]);
        Assert.Equal(assignment.ToJsonString(), page["items"]![0]!.ToJsonString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(after["items"]!.AsArray());
        var types = await api.EventTypesAsync(role["trace"]!["trace_id"]!.GetValue<string>(), 3, CancellationToken.None);
        Assert.Equal(["role.created", "role.assigned", "role.unassigned"], types);
    }

    [Fact(Timeout = 30_000)]
    public async Task Assign_InContext_LogsToTheContextTrace()
    {
        var role = await NewRoleAsync("plan:read");
        var contextId = await api.NewContextAsync();
        var (_, context) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{contextId}");

        var (created, assignment) = await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{role["role_id"]}/assignments", new { principal = "agent-8", context_id = contextId });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(contextId, assignment["context_id"]!.GetValue<string>());
        var types = await api.EventTypesAsync(context["trace"]!["trace_id"]!.GetValue<string>(), 2, CancellationToken.None);
        Assert.Contains("role.assigned", types);
    }

    [Fact(Timeout = 30_000)]
    public async Task Assign_Twice_Returns409()
    {
        var role = await NewRoleAsync("plan:read");
        await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{role["role_id"]}/assignments", new { principal = "twice" });

        var (response, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{role["role_id"]}/assignments", new { principal = "twice" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("ASSIGNMENT_ALREADY_EXISTS", problem["code"]!.GetValue<string>());
    }

    [Theory(Timeout = 30_000)]
    [InlineData("""{"context_id":"00000000-0000-4000-8000-000000000000"}""", "/principal")]
    [InlineData("""{"principal":""}""", "/principal")]
    [InlineData("""{"principal":"a","context_id":"nope"}""", "/context_id")]
    [InlineData("""{"principal":"a","role":"x"}""", "/role")]
    public async Task Assign_BadBody_Returns400WithPath(string body, string path)
    {
        var role = await NewRoleAsync("plan:read");

        var (response, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{role["role_id"]}/assignments", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(path, problem["errors"]![0]!["path"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task Assign_MissingContext_Returns422()
    {
        var role = await NewRoleAsync("plan:read");

        var (response, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{role["role_id"]}/assignments", new { principal = "p", context_id = Guid.NewGuid().ToString() });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("REFERENCE_NOT_FOUND", problem["code"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task Delete_AssignedRole_Returns409_UnassignedRole_Returns204()
    {
        var role = await NewRoleAsync("plan:read");
        var (_, assignment) = await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{role["role_id"]}/assignments", new { principal = "holder" });

        var (refused, problem) = await api.SendAsync(HttpMethod.Delete, $"/api/v1/roles/{role["role_id"]}");
        await api.SendAsync(HttpMethod.Delete, $"/api/v1/roles/{role["role_id"]}/assignments/{assignment["assignment_id"]}");
        var (deleted, _) = await api.SendAsync(HttpMethod.Delete, $"/api/v1/roles/{role["role_id"]}");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("ROLE_HAS_DEPENDENTS", problem["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task DeleteContext_WithAssignmentsInIt_Returns409()
    {
        var role = await NewRoleAsync("plan:read");
        var contextId = await api.NewContextAsync();
        await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{role["role_id"]}/assignments", new { principal = "scoped", context_id = contextId });

        var (response, problem) = await api.SendAsync(HttpMethod.Delete, $"/api/v1/contexts/{contextId}");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("CONTEXT_HAS_DEPENDENTS", problem["code"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task PermissionsCheck_SaysWhetherAndThroughWhichRole()
    {
        var role = await NewRoleAsync("plan:*");
        var contextId = await api.NewContextAsync();
        await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{role["role_id"]}/assignments", new { principal = "checked", context_id = contextId });

        var (inside, yes) = await api.SendAsync(HttpMethod.Post, "/api/v1/permissions/check", new { principal = "checked", capability = "plan:approve", context_id = contextId });
        var (_, elsewhere) = await api.SendAsync(HttpMethod.Post, "/api/v1/permissions/check", new { principal = "checked", capability = "plan:approve" });
        var (_, other) = await api.SendAsync(HttpMethod.Post, "/api/v1/permissions/check", new { principal = "checked", capability = "confirm:decide", context_id = contextId });
        var (bad, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/permissions/check", new { principal = "checked", capability = "plan:fly" });

        Assert.Equal(HttpStatusCode.OK, inside.StatusCode);
        Assert.True(yes["allowed"]!.GetValue<bool>());
        Assert.Equal(role["role_id"]!.GetValue<string>(), yes["granted_by"]![0]!["role_id"]!.GetValue<string>());
        Assert.False(elsewhere["allowed"]!.GetValue<bool>());
        Assert.False(other["allowed"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("/capability", problem["errors"]![0]!["path"]!.GetValue<string>());
    }

    private const string TestTokensAdmin = Testing.TestTokens.Admin;

    private async Task<JsonObject> NewRoleAsync(params string[] capabilities)
    {
        // Role names are unique: each test's role gets its own.
        var (response, role) = await api.SendAsync(HttpMethod.Post, "/api/v1/roles", new { name = Testing.TestEnvironment.UniqueName("role"), capabilities });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return role;
    }
}
