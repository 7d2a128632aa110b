using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Mplp.Functions.Mcp;

/// <summary>
/// One Streamable HTTP exchange of the MCP server, stateless: each POST carries one JSON-RPC message,
/// answered on its own response (an SSE stream the SDK writes) by a server made for it and for its
/// caller, with the SDK's <see cref="StreamableHttpServerTransport"/> in stateless mode. Nothing
/// outlives the request, so any instance answers any request, under the Functions host or the dev host.
/// </summary>
public sealed class McpExchanges(AgentTools agent, ApprovalTools approvals, PlanningTools planning, McpResources resources, ILoggerFactory loggers)
{
    private static readonly Implementation ServerInfo = new()
    {
        Name = "mplp",
        Title = "MPLP Functions",
        Version = typeof(McpExchanges).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "1.0.0",
    };

    private readonly Dictionary<string, McpTool> _tools = agent.Tools.Concat(approvals.Tools).Concat(planning.Tools).ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>The response to one POST of <paramref name="caller"/>.</summary>
    public IActionResult Answer(McpCaller caller) => new Exchange(this, caller);

    /// <summary>The tools <paramref name="caller"/> may use: those whose capability it holds somewhere.</summary>
    public IEnumerable<Tool> ToolsFor(McpCaller caller) => _tools.Values.Where(t => caller.Holds(t.Capability)).Select(t => t.Tool);

    private McpServerOptions OptionsFor(McpCaller caller) => new()
    {
        ServerInfo = ServerInfo,
        ServerInstructions = "MPLP: claim plan steps as an agent (mplp_claim_work, mplp_submit_result), ask people before a risky action (mplp_request_approval), decide approvals (mplp_decide). Only the tools your roles allow are listed.",
        Capabilities = new ServerCapabilities { Tools = new ToolsCapability(), Resources = new ResourcesCapability() },
        // Every request builds its own server and scope-free services: nothing to share between requests.
        ScopeRequests = false,
        Handlers = new McpServerHandlers
        {
            ListToolsHandler = (_, _) => ValueTask.FromResult(new ListToolsResult { Tools = [.. ToolsFor(caller)] }),
            CallToolHandler = async (request, cancellationToken) =>
            {
                var name = request.Params?.Name ?? "";
                return _tools.TryGetValue(name, out var tool)
                    ? await tool.CallAsync(caller, request.Params!.Arguments, cancellationToken)
                    : throw new McpProtocolException($"Unknown tool '{name}'.", McpErrorCode.InvalidParams);
            },
            ListResourcesHandler = (_, _) => ValueTask.FromResult(new ListResourcesResult { Resources = [] }),
            ListResourceTemplatesHandler = (_, _) => ValueTask.FromResult(new ListResourceTemplatesResult { ResourceTemplates = resources.TemplatesFor(caller) }),
            ReadResourceHandler = async (request, cancellationToken) => await resources.ReadAsync(caller, request.Params?.Uri ?? "", cancellationToken),
        },
    };

    private async Task ExchangeAsync(HttpContext http, McpCaller caller)
    {
        var cancellationToken = http.RequestAborted;
        JsonRpcMessage? message;
        try
        {
            message = await JsonSerializer.DeserializeAsync<JsonRpcMessage>(http.Request.Body, McpJsonUtilities.DefaultOptions, cancellationToken);
        }
        catch (JsonException)
        {
            message = null;
        }

        if (message is null)
        {
            await WriteErrorAsync(http, StatusCodes.Status400BadRequest, McpErrorCode.ParseError, "The body is not a JSON-RPC message.");
            return;
        }

        var transport = new StreamableHttpServerTransport(loggers) { Stateless = true };
        await using var server = McpServer.Create(transport, OptionsFor(caller), loggers, http.RequestServices);
        var running = server.RunAsync(cancellationToken);
        try
        {
            http.Response.Headers.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache,no-store";
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            if (!await transport.HandlePostRequestAsync(message, http.Response.Body, cancellationToken))
            {
                // A notification or a response: nothing to answer.
                http.Response.Headers.ContentType = (string?)null;
                http.Response.StatusCode = StatusCodes.Status202Accepted;
            }
        }
        finally
        {
            await transport.DisposeAsync();
            await running;
        }
    }

    private static async Task WriteErrorAsync(HttpContext http, int status, McpErrorCode code, string text)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        var error = new JsonRpcError { Id = default, Error = new JsonRpcErrorDetail { Code = (int)code, Message = text } };
        await JsonSerializer.SerializeAsync(http.Response.Body, error, McpJsonUtilities.DefaultOptions, http.RequestAborted);
    }

    private sealed class Exchange(McpExchanges exchanges, McpCaller caller) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => exchanges.ExchangeAsync(context.HttpContext, caller);
    }
}
