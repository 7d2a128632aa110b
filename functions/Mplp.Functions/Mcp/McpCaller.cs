using Microsoft.DurableTask.Client;
using Mplp.Core.Access;
using Mplp.Core.Modules;
using Mplp.Core.Modules.CoreManifest;
using Mplp.Core.Modules.Roles;
using Mplp.Functions.Http.Auth;

namespace Mplp.Functions.Mcp;

/// <summary>
/// Who calls over MCP, authenticated once per HTTP request as the API authenticates (bearer token or
/// API key), with the roles they hold; tools act as them, under the capability their HTTP twin needs.
/// </summary>
public sealed class McpCaller(string principal, Grants grants, ModuleGate gate, DurableTaskClient durable)
{
    public string Principal => principal;

    public Grants Grants => grants;

    /// <summary>The Durable client of the request, for tools that start or wake workflows.</summary>
    public DurableTaskClient Durable => durable;

    /// <summary>Whether the caller holds <paramref name="capability"/> anywhere: the tools that need it are listed.</summary>
    public bool Holds(string capability) => grants.ScopeOf(capability) is not null;

    /// <summary>As the API's access check: 403 without <paramref name="capability"/>, 503 while the module is disabled.</summary>
    public async Task<Actor> AuthorizeAsync(ModuleDefinition module, string capability, CancellationToken cancellationToken)
    {
        var actor = ApiAccess.ActorOf(principal, grants, capability);
        await gate.EnsureEnabledAsync(module.Name, cancellationToken);
        return actor;
    }
}
