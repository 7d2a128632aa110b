using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Mplp.Functions.Tests.Execution;

namespace Mplp.Functions.Tests.Mcp;

/// <summary>MCP sessions through the official SDK's client (Streamable HTTP) as the holder of an API client's credentials.</summary>
internal static class McpSessions
{
    public static async Task<McpClient> ConnectAsync(HttpClient credentials)
    {
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = new Uri(credentials.BaseAddress!, "/mcp"), TransportMode = HttpTransportMode.StreamableHttp },
            credentials, ownsHttpClient: false);
        return await McpClient.CreateAsync(transport);
    }

    /// <summary>Calls a tool that must succeed; its structuredContent.</summary>
    public static async Task<JsonObject> CallAsync(this McpClient mcp, string tool, object arguments)
    {
        var result = await mcp.CallToolAsync(tool, Arguments(arguments));
        Assert.True(result.IsError != true, $"{tool} failed: {Text(result)}");
        return Structured(result);
    }

    /// <summary>Calls a tool that must fail as a tool error (not a protocol error); the problem it carries.</summary>
    public static async Task<JsonObject> FailAsync(this McpClient mcp, string tool, object arguments)
    {
        var result = await mcp.CallToolAsync(tool, Arguments(arguments));
        Assert.True(result.IsError == true, $"{tool} succeeded: {Text(result)}");
        return Structured(result);
    }

    /// <summary>Claims until a work item comes (a minute at most).</summary>
    public static async Task<JsonObject> ClaimedAsync(this McpClient mcp, string role)
    {
        JsonObject? work = null;
        await Executions.WaitUntilAsync(async () =>
        {
            work = (await mcp.CallAsync("mplp_claim_work", new { role }))["work"] as JsonObject;
            return work is not null;
        }, () => $"a work item of {role} to claim");
        return work!;
    }

    public static Task<JsonObject> SubmitAsync(this McpClient mcp, JsonObject work, string status) => mcp.CallAsync("mplp_submit_result", new
    {
        work_id = work["work_id"]!.GetValue<string>(),
        execution_id = work["execution_id"]!.GetValue<string>(),
        claim_token = work["claim_token"]!.GetValue<string>(),
        status,
        output = new { done = work["description"]!.GetValue<string>() },
        error = status == "failed" ? "not allowed" : null,
    });

    /// <summary>The execution once it has <paramref name="status"/> (a minute at most).</summary>
    public static async Task<JsonObject> ExecutionReachingAsync(this McpClient mcp, string plan, string status)
    {
        JsonObject execution = [];
        await Executions.WaitUntilAsync(async () =>
        {
            execution = await mcp.CallAsync("mplp_get_execution", new { plan_id = plan });
            return execution["status"]!.GetValue<string>() == status;
        }, () => $"execution of {plan} to be {status}: {execution.ToJsonString()}");
        return execution;
    }

    private static Dictionary<string, object?> Arguments(object arguments)
        => JsonSerializer.SerializeToNode(arguments)!.AsObject().Where(p => p.Value is not null).ToDictionary(p => p.Key, p => (object?)p.Value);

    private static JsonObject Structured(CallToolResult result)
        => JsonSerializer.SerializeToNode(result.StructuredContent)?.AsObject() ?? throw new Xunit.Sdk.XunitException($"no structuredContent: {Text(result)}");

    private static string Text(CallToolResult result) => string.Join(" ", result.Content.OfType<TextContentBlock>().Select(c => c.Text));
}
