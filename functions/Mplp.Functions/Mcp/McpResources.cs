using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Mplp.Core.Errors;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Confirms;
using Mplp.Core.Modules.Contexts;
using Mplp.Core.Modules.Plans;
using Mplp.Core.Modules.Roles;

namespace Mplp.Functions.Mcp;

/// <summary>
/// Contexts, plans and confirms to read as MCP resources (<c>mplp://contexts/{id}</c>, ...): the MPLP
/// object as <c>GET /api/v1/{collection}/{id}</c> answers it, to a caller holding <c>module:read</c> there.
/// </summary>
public sealed class McpResources(EntityService entities)
{
    private const string Scheme = "mplp://";
    private static readonly ModuleDefinition[] Modules = [ContextModule.Definition, PlanModule.Definition, ConfirmModule.Definition];

    /// <summary>The templates of the modules the caller may read somewhere.</summary>
    public IList<ResourceTemplate> TemplatesFor(McpCaller caller)
        => [.. Modules.Where(m => caller.Holds(Capabilities.Read(m))).Select(m => new ResourceTemplate
        {
            UriTemplate = $"{Scheme}{m.Collection}/{{id}}",
            Name = m.Name,
            Description = $"An MPLP {m.Name} by its {m.IdField}, as the API returns it.",
            MimeType = "application/json",
        })];

    public async Task<ReadResourceResult> ReadAsync(McpCaller caller, string uri, CancellationToken cancellationToken)
    {
        var (module, id) = Parse(uri);
        try
        {
            var actor = await caller.AuthorizeAsync(module, Capabilities.Read(module), cancellationToken);
            var stored = await entities.GetAsync(module, McpArguments.Id("id", id), actor, cancellationToken);
            return new ReadResourceResult
            {
                Contents = [new TextResourceContents { Uri = uri, MimeType = "application/json", Text = stored.Document.ToJsonString() }],
            };
        }
        catch (ProblemException e)
        {
            // resources/read has no error result of its own: the problem's code and detail travel in a JSON-RPC error.
            throw new McpProtocolException($"{e.Problem.Code}: {e.Problem.Detail ?? e.Problem.Title}",
                e.Problem.Status == 404 ? McpErrorCode.ResourceNotFound : McpErrorCode.InvalidParams);
        }
    }

    private static (ModuleDefinition Module, string Id) Parse(string uri)
    {
        var parts = uri.StartsWith(Scheme, StringComparison.Ordinal) ? uri[Scheme.Length..].Split('/') : [];
        return parts is [var collection, var id] && Modules.FirstOrDefault(m => m.Collection == collection) is { } module
            ? (module, id)
            : throw new McpProtocolException($"Unknown resource '{uri}': read mplp://contexts/{{id}}, mplp://plans/{{id}} or mplp://confirms/{{id}}.", McpErrorCode.ResourceNotFound);
    }
}
