using System.Net;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using Mplp.Core.Modules.Roles;

namespace Mplp.Functions.Tests.Mcp;

/// <summary>The MCP server at /mcp through the official SDK client: who sees which tools, bad input, credentials, resources.</summary>
public sealed class McpServerTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly string[] AllTools =
    [
        "mplp_append_events", "mplp_claim_work", "mplp_create_context", "mplp_create_plan", "mplp_decide", "mplp_execute_plan",
        "mplp_get_approval", "mplp_get_events", "mplp_get_execution", "mplp_list_pending_approvals", "mplp_request_approval", "mplp_submit_result",
    ];

    [Fact(Timeout = 60_000)]
    public async Task ToolsList_PerCapability_AReaderSeesNoWriteTools()
    {
        using var readerHttp = await api.ClientHoldingAsync(["context:read", "plan:read", "confirm:read", Capabilities.TraceRead]);
        await using var admin = await McpSessions.ConnectAsync(api.Client);
        await using var reader = await McpSessions.ConnectAsync(readerHttp);

        var adminTools = (await admin.ListToolsAsync()).Select(t => t.Name).Order(StringComparer.Ordinal);
        var readerTools = (await reader.ListToolsAsync()).Select(t => t.Name).Order(StringComparer.Ordinal);

        Assert.Equal(AllTools, adminTools);
        Assert.Equal(["mplp_get_approval", "mplp_get_events", "mplp_get_execution"], readerTools);
    }

    [Fact(Timeout = 60_000)]
    public async Task CallTool_NotListedForTheCaller_IsForbiddenAndChangesNothing()
    {
        using var readerHttp = await api.ClientHoldingAsync(["context:read"]);
        await using var reader = await McpSessions.ConnectAsync(readerHttp);
        var id = Guid.NewGuid().ToString();

        var problem = await reader.FailAsync("mplp_create_context", new { @object = new { context_id = id, title = "t", root = new { domain = "d", environment = "e" }, status = "active" } });
        var (read, _) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{id}");

        Assert.Equal("FORBIDDEN", problem["code"]!.GetValue<string>());
        Assert.Equal("context:write", problem["required_capability"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task CallTool_BadArguments_AreToolErrorsWithTheProblem()
    {
        await using var admin = await McpSessions.ConnectAsync(api.Client);
        var context = await api.NewContextAsync();

        var notAnId = await admin.FailAsync("mplp_get_approval", new { confirm_id = "nope" });
        var missing = await admin.FailAsync("mplp_claim_work", new { });
        var unknown = await admin.FailAsync("mplp_decide", new { confirm_id = Guid.NewGuid().ToString(), status = "approved", role = "r", sudo = true });
        var notAnAction = await admin.FailAsync("mplp_request_approval", new { context_id = context, action = "rm -rf /" });
        var notAPlan = await admin.FailAsync("mplp_create_plan", new { @object = new { title = 1 } });
        var nowhere = await admin.FailAsync("mplp_get_approval", new { confirm_id = Guid.NewGuid().ToString() });

        Assert.Equal("/confirm_id", Path(notAnId));
        Assert.Equal("VALIDATION_FAILED", missing["code"]!.GetValue<string>());
        Assert.Equal("VALIDATION_FAILED", unknown["code"]!.GetValue<string>());
        Assert.Equal("/action", Path(notAnAction));
        Assert.Equal("VALIDATION_FAILED", notAPlan["code"]!.GetValue<string>());
        Assert.Equal("CONFIRM_NOT_FOUND", nowhere["code"]!.GetValue<string>());
        Assert.Empty((await admin.CallAsync("mplp_list_pending_approvals", new { context_id = context }))["items"]!.AsArray());
    }

    [Fact(Timeout = 60_000)]
    public async Task Mcp_WithoutCredentials_Is401NamingTheResourceMetadata()
    {
        using var anonymous = api.NewClient(null);

        var refused = await anonymous.PostAsync("/mcp", new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", System.Text.Encoding.UTF8, "application/json"));
        var (metadataResponse, metadata) = await api.SendAsync(HttpMethod.Get, "/.well-known/oauth-protected-resource", client: anonymous);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains($"resource_metadata=\"{anonymous.BaseAddress}.well-known/oauth-protected-resource\"", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, metadataResponse.StatusCode);
        Assert.Equal($"{anonymous.BaseAddress}mcp", metadata["resource"]!.GetValue<string>());
        Assert.Null(metadata["authorization_servers"]);  // this host takes only its own tokens and API keys
    }

    [Fact(Timeout = 60_000)]
    public async Task ReadResource_AContext_IsTheMplpObjectWithinTheCallersScope()
    {
        var context = await api.NewContextAsync();
        var other = await api.NewContextAsync();
        using var scopedHttp = await api.ClientHoldingAsync(["context:read"], context);
        await using var scoped = await McpSessions.ConnectAsync(scopedHttp);

        var templates = (await scoped.ListResourceTemplatesAsync()).Select(t => t.UriTemplate);
        var read = await scoped.ReadResourceAsync($"mplp://contexts/{context}");
        var refused = await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(() => scoped.ReadResourceAsync($"mplp://contexts/{other}").AsTask());

        Assert.Equal(["mplp://contexts/{id}"], templates);
        var json = JsonNode.Parse(Assert.IsType<TextResourceContents>(Assert.Single(read.Contents)).Text)!.AsObject();
        ApiFixture.AssertValid("context", json);
        Assert.Equal(context, json["context_id"]!.GetValue<string>());
        Assert.Contains("FORBIDDEN", refused.Message, StringComparison.Ordinal);
    }

    private static string Path(JsonObject problem) => problem["errors"]!.AsArray().Select(e => e!["path"]!.GetValue<string>()).First();
}
