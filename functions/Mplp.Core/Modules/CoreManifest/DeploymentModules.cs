using Microsoft.Extensions.Options;

namespace Mplp.Core.Modules.CoreManifest;

/// <summary>
/// The modules the deployment switched off. Unlike the manifest's switch (PATCH /api/v1/core/modules),
/// no request can turn them back on: the deployment runs no Deployment of theirs, and core's pods answer
/// their routes only to say so.
/// </summary>
public sealed class DeploymentModules(IOptions<ModulesOptions> options)
{
    private readonly HashSet<string> _disabled = [.. options.Value.Disabled];

    public bool Disables(string module) => _disabled.Contains(module);
}
