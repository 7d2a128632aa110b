using System.Net;
using Mplp.Core.Modules.Roles;
using Mplp.Testing;

namespace Mplp.Functions.Tests.Modules.Roles;

/// <summary>Nobody grants more than they hold: assignments, a role's capabilities, permission checks.</summary>
public sealed class EscalationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task Assign_ScopedAssignerGivesItselfEverythingThenKeysTheAdministrator_IsRefused()
    {
        var context = await api.NewContextAsync();
        using var assigner = await api.ClientHoldingAsync([Capabilities.RoleAssign], context);
        var self = ApiFixture.PrincipalOf(assigner);
        var everything = await RoleAsync("*");

        var (assigned, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{everything}/assignments", new { principal = self, context_id = context }, client: assigner);
        var (issued, _) = await api.SendAsync(HttpMethod.Post, "/api/v1/api-keys", new { principal = TestTokens.Admin }, client: assigner);
        var (_, check) = await api.SendAsync(HttpMethod.Post, "/api/v1/permissions/check", new { principal = self, capability = "role:keys", context_id = context });

        Assert.Equal(HttpStatusCode.Forbidden, assigned.StatusCode);
        Assert.Equal("ESCALATION_FORBIDDEN", problem["code"]!.GetValue<string>());
        Assert.Equal("*", problem["required_capability"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, issued.StatusCode);
        Assert.False(check["allowed"]!.GetValue<bool>());
    }

    [Theory(Timeout = 30_000)]
    [InlineData("role:keys")]
    [InlineData("role:*")]
    [InlineData("core:write")]
    public async Task Assign_ScopedAssignerHoldingAReservedCapabilityThere_CannotGiveIt(string reserved)
    {
        var context = await api.NewContextAsync();
        using var assigner = await api.ClientHoldingAsync([Capabilities.RoleAssign, "role:*", "core:*"], context);
        var role = await RoleAsync(reserved);

        var (response, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{role}/assignments", new { principal = "accomplice", context_id = context }, client: assigner);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("ESCALATION_FORBIDDEN", problem["code"]!.GetValue<string>());
        await AssertAssignmentsAsync(role, 0);
    }

    [Fact(Timeout = 30_000)]
    public async Task Assign_ScopedAssignerGivesWhatItHoldsThere_Returns201_WhatItLacks_Returns403()
    {
        var context = await api.NewContextAsync();
        using var assigner = await api.ClientHoldingAsync([Capabilities.RoleAssign, "plan:read", "plan:write"], context);
        var reader = await RoleAsync("plan:read");
        var approver = await RoleAsync("plan:approve");

        var (allowed, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{reader}/assignments", new { principal = "helper", context_id = context }, client: assigner);
        var (lacking, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{approver}/assignments", new { principal = "helper", context_id = context }, client: assigner);
        var (elsewhere, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{reader}/assignments", new { principal = "helper" }, client: assigner);

        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, lacking.StatusCode);
        Assert.Equal("ESCALATION_FORBIDDEN", problem["code"]!.GetValue<string>());
        Assert.Equal("plan:approve", problem["required_capability"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
        await AssertAssignmentsAsync(approver, 0);
    }

    [Fact(Timeout = 30_000)]
    public async Task Assign_GlobalAssignerGivesOnlyWhatItHoldsGlobally()
    {
        var context = await api.NewContextAsync();
        using var assigner = await api.ClientHoldingAsync([Capabilities.RoleAssign, "plan:read"]);
        var reader = await RoleAsync("plan:read");
        var writer = await RoleAsync("plan:read", "plan:write");

        var (global, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{reader}/assignments", new { principal = "global-helper" }, client: assigner);
        var (scoped, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{reader}/assignments", new { principal = "scoped-helper", context_id = context }, client: assigner);
        var (more, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{writer}/assignments", new { principal = "global-helper" }, client: assigner);

        Assert.Equal(HttpStatusCode.Created, global.StatusCode);
        Assert.Equal(HttpStatusCode.Created, scoped.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, more.StatusCode);
        Assert.Equal("plan:write", problem["required_capability"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task Create_RoleListingWhatTheAuthorDoesNotHold_Returns403_WhatItHolds_Returns201()
    {
        using var author = await api.ClientHoldingAsync(["role:write", "plan:read"]);

        var (refused, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/roles", new { name = TestEnvironment.UniqueName("all"), capabilities = new[] { "plan:read", "*" } }, client: author);
        var (created, _) = await api.SendAsync(HttpMethod.Post, "/api/v1/roles", new { name = TestEnvironment.UniqueName("reader"), capabilities = new[] { "plan:read" } }, client: author);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("ESCALATION_FORBIDDEN", problem["code"]!.GetValue<string>());
        Assert.Equal("*", problem["required_capability"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Patch_AddingEverythingToARoleTheAuthorHolds_Returns403AndChangesNothing()
    {
        var principal = TestEnvironment.UniqueName("role-editor");
        var role = await RoleAsync("role:read", "role:write");
        await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{role}/assignments", new { principal });
        using var editor = api.NewClient(api.Tokens.For(principal));

        var (refused, problem) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/roles/{role}", new { capabilities = new[] { "role:read", "role:write", "*" } }, client: editor);
        var (_, unchanged) = await api.SendAsync(HttpMethod.Get, $"/api/v1/roles/{role}");
        var (allowed, _) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/roles/{role}", new { capabilities = new[] { "role:write", "role:read" } }, client: editor);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("ESCALATION_FORBIDDEN", problem["code"]!.GetValue<string>());
        Assert.Equal(["role:read", "role:write"], unchanged["capabilities"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task PermissionsCheck_AboutAnotherWithScopedRoleRead_Returns403_AboutItself_Returns200()
    {
        var context = await api.NewContextAsync();
        using var scoped = await api.ClientHoldingAsync([Capabilities.RoleRead], context);
        using var global = await api.ClientHoldingAsync([Capabilities.RoleRead]);
        var self = ApiFixture.PrincipalOf(scoped);

        var (other, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/permissions/check", new { principal = TestTokens.Admin, capability = "role:keys" }, client: scoped);
        var (own, answer) = await api.SendAsync(HttpMethod.Post, "/api/v1/permissions/check", new { principal = self, capability = "role:read", context_id = context }, client: scoped);
        var (byGlobal, _) = await api.SendAsync(HttpMethod.Post, "/api/v1/permissions/check", new { principal = self, capability = "role:read" }, client: global);

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal("role:read", problem["required_capability"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.True(answer["allowed"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, byGlobal.StatusCode);
    }

    private async Task<string> RoleAsync(params string[] capabilities)
    {
        var (response, role) = await api.SendAsync(HttpMethod.Post, "/api/v1/roles", new { name = TestEnvironment.UniqueName("role"), capabilities });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return role["role_id"]!.GetValue<string>();
    }

    private async Task AssertAssignmentsAsync(string role, int expected)
    {
        var (_, page) = await api.SendAsync(HttpMethod.Get, $"/api/v1/roles/{role}/assignments");
        Assert.Equal(expected, page["items"]!.AsArray().Count);
    }
}
