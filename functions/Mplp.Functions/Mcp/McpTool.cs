using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Protocol;
using Mplp.Core.Access;
using Mplp.Core.Errors;
using Mplp.Core.Modules;

namespace Mplp.Functions.Mcp;

/// <summary>
/// One tool of the MCP server: its name and description, the capability it needs (its HTTP twin's,
/// checked as the API checks it, in the object's context by the services it calls), the record its
/// arguments bind to (which is also their JSON Schema in <c>tools/list</c>), and what it does.
/// </summary>
public abstract class McpTool(Tool tool, ModuleDefinition module, string capability)
{
    /// <summary>Arguments are snake_case like the API's bodies; unknown ones are refused rather than ignored.</summary>
    public static readonly JsonSerializerOptions Arguments = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public Tool Tool => tool;

    public string Capability => capability;

    public string Name => tool.Name;

    /// <summary>A tool whose handler takes <typeparamref name="TArgs"/>; problems it throws become tool errors.</summary>
    public static McpTool Of<TArgs>(string name, string description, ModuleDefinition module, string capability, bool readOnly,
        Func<McpCaller, Actor, TArgs, CancellationToken, Task<CallToolResult>> handler)
        => new Typed<TArgs>(new Tool
        {
            Name = name,
            Description = description,
            InputSchema = AIJsonUtilities.CreateJsonSchema(typeof(TArgs), serializerOptions: Arguments),
            Annotations = new ToolAnnotations { ReadOnlyHint = readOnly, OpenWorldHint = false },
        }, module, capability, handler);

    /// <summary>Checks the caller's capability, binds the arguments and runs the tool.</summary>
    public async Task<CallToolResult> CallAsync(McpCaller caller, IDictionary<string, JsonElement>? arguments, CancellationToken cancellationToken)
    {
        try
        {
            var actor = await caller.AuthorizeAsync(module, capability, cancellationToken);
            return await RunAsync(caller, actor, JsonSerializer.SerializeToElement(arguments ?? new Dictionary<string, JsonElement>()), cancellationToken);
        }
        catch (ProblemException e)
        {
            return ToolResults.Error(Name, e.Problem);
        }
    }

    protected abstract Task<CallToolResult> RunAsync(McpCaller caller, Actor actor, JsonElement arguments, CancellationToken cancellationToken);

    private sealed class Typed<TArgs>(Tool tool, ModuleDefinition module, string capability, Func<McpCaller, Actor, TArgs, CancellationToken, Task<CallToolResult>> handler)
        : McpTool(tool, module, capability)
    {
        protected override Task<CallToolResult> RunAsync(McpCaller caller, Actor actor, JsonElement arguments, CancellationToken cancellationToken)
        {
            TArgs? bound;
            try
            {
                bound = arguments.Deserialize<TArgs>(Arguments);
            }
            catch (JsonException e)
            {
                throw Problems.Validation(PointerOf(e.Path), e.Message);
            }

            return handler(caller, actor, bound ?? throw Problems.Validation("", "the arguments must be an object"), cancellationToken);
        }

        // System.Text.Json names where it failed as "$.a.b" or "$['a']": the API's errors name JSON Pointers.
        private static string PointerOf(string? path)
            => path is null or "$" ? "" : "/" + string.Join('/', path.TrimStart('$', '.').Replace("['", ".", StringComparison.Ordinal).Replace("']", "", StringComparison.Ordinal).Split('.', StringSplitOptions.RemoveEmptyEntries));
    }
}
