using System.Net;

namespace Mplp.Functions.Tests.Auth;

/// <summary>What a caller may do: the capabilities of its roles, everywhere or within their contexts.</summary>
public sealed class AuthorizationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact(Timeout = 30_000)]
    public async Task CallerWithoutRoles_Returns403NamingTheCapability()
    {
        using var nobody = api.NewClient(api.Tokens.For("nobody"));

        var (response, problem) = await api.SendAsync(HttpMethod.Get, "/api/v1/plans", client: nobody);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("FORBIDDEN", problem["code"]!.GetValue<string>());
        Assert.Equal("plan:read", problem["required_capability"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadOnlyRole_ReadsButCannotWrite()
    {
        var context = await api.NewContextAsync();
        using var reader = await api.ClientHoldingAsync(["context:read"]);

        var (read, _) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{context}", client: reader);
        var (write, _) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/contexts/{context}", new { title = "changed" }, client: reader);
        var (_, unchanged) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{context}");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal("t", unchanged["title"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task ContextScopedRole_WorksOnlyInItsContext()
    {
        var mine = await api.NewContextAsync();
        var other = await api.NewContextAsync();
        var (_, otherPlan) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", Plan(other));
        using var scoped = await api.ClientHoldingAsync(["plan:*"], contextId: mine);

        var (createdMine, myPlan) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", Plan(mine), client: scoped);
        var (createdOther, _) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", Plan(other), client: scoped);
        var (readMine, _) = await api.SendAsync(HttpMethod.Get, $"/api/v1/plans/{myPlan["plan_id"]}", client: scoped);
        var (readOther, _) = await api.SendAsync(HttpMethod.Get, $"/api/v1/plans/{otherPlan["plan_id"]}", client: scoped);
        var (patchOther, _) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/plans/{otherPlan["plan_id"]}", new { title = "taken over" }, client: scoped);
        var (listAll, _) = await api.SendAsync(HttpMethod.Get, "/api/v1/plans", client: scoped);
        var (listMine, page) = await api.SendAsync(HttpMethod.Get, $"/api/v1/plans?context_id={mine}", client: scoped);
        var (approveMine, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{myPlan["plan_id"]}/approve", client: scoped);

        Assert.Equal(HttpStatusCode.Created, createdMine.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, createdOther.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readMine.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, patchOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, listAll.StatusCode);
        Assert.Equal(HttpStatusCode.OK, listMine.StatusCode);
        Assert.Single(page["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.Conflict, approveMine.StatusCode); // allowed, but a draft plan is not approvable
    }

    [Fact(Timeout = 30_000)]
    public async Task Unassigning_TakesTheCapabilityAwayAtOnce()
    {
        var (_, role) = await api.SendAsync(HttpMethod.Post, "/api/v1/roles", new { name = "temp", capabilities = new[] { "trace:read" } });
        var (_, assignment) = await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{role["role_id"]}/assignments", new { principal = "temp-holder" });
        using var holder = api.NewClient(api.Tokens.For("temp-holder"));

        var (before, _) = await api.SendAsync(HttpMethod.Get, "/api/v1/traces", client: holder);
        await api.SendAsync(HttpMethod.Delete, $"/api/v1/roles/{role["role_id"]}/assignments/{assignment["assignment_id"]}");
        var (after, _) = await api.SendAsync(HttpMethod.Get, "/api/v1/traces", client: holder);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task ChangingARolesCapabilities_ChangesWhatHoldersMayDo()
    {
        var (_, role) = await api.SendAsync(HttpMethod.Post, "/api/v1/roles", new { name = "shifting", capabilities = new[] { "dialog:read" } });
        await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{role["role_id"]}/assignments", new { principal = "shifty" });
        using var holder = api.NewClient(api.Tokens.For("shifty"));

        var (before, _) = await api.SendAsync(HttpMethod.Get, "/api/v1/collabs", client: holder);
        await api.SendAsync(HttpMethod.Patch, $"/api/v1/roles/{role["role_id"]}", new { capabilities = new[] { "collab:read" } });
        var (after, _) = await api.SendAsync(HttpMethod.Get, "/api/v1/collabs", client: holder);

        Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    private static object Plan(string context) => new
    {
        context_id = context,
        title = "p",
        objective = "o",
        status = "draft",
        steps = new[] { new { step_id = Guid.NewGuid().ToString(), description = "s" } },
    };
}
