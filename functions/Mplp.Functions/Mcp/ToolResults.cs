using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using Mplp.Core.Errors;
using Mplp.Functions.Http;

namespace Mplp.Functions.Mcp;

/// <summary>
/// What a tool answers: <c>structuredContent</c> (MPLP objects as the API returns them) and a short
/// text; a problem is a tool error (<c>isError</c>) carrying the API's problem body, so an agent
/// reads the same code and detail as over HTTP, and the protocol itself never fails for bad input.
/// </summary>
internal static class ToolResults
{
    public static CallToolResult Of(JsonObject structured, string text) => new()
    {
        Content = [new TextContentBlock { Text = text }],
        StructuredContent = JsonSerializer.SerializeToElement(structured),
    };

    public static CallToolResult Error(string tool, Problem problem) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = $"{problem.Code}: {problem.Detail ?? problem.Title}" }],
        StructuredContent = JsonSerializer.SerializeToElement(ApiResponse.ProblemBody(problem, $"mcp:tools/{tool}")),
    };
}
