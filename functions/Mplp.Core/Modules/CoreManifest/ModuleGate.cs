using Microsoft.Extensions.Options;
using Mplp.Core.Errors;

namespace Mplp.Core.Modules.CoreManifest;

/// <summary>
/// Answers 503 MODULE_DISABLED for a module the manifest disables. The switches are read at most every
/// <see cref="ModulesOptions.SwitchFreshness"/> per instance, so a request costs no database read;
/// after a change, <see cref="Caching.CacheInvalidation"/> makes this instance forget at once, and the
/// others too when Redis is configured (else within that time). A module the deployment disables
/// (<see cref="DeploymentModules"/>) answers so without reading anything.
/// </summary>
public sealed class ModuleGate(InstanceManifest manifest, DeploymentModules deployment, IOptions<ModulesOptions> options, TimeProvider clock)
{
    private volatile Snapshot? _snapshot;

    public async ValueTask EnsureEnabledAsync(string module, CancellationToken cancellationToken)
    {
        if (deployment.Disables(module))
        {
            throw Problems.ModuleNotDeployed(module);
        }

        var snapshot = _snapshot;
        if (snapshot is null || clock.GetUtcNow() - snapshot.ReadAt > options.Value.SwitchFreshness)
        {
            snapshot = await ReadAsync(cancellationToken);
        }

        if (snapshot.Disabled.Contains(module))
        {
            throw Problems.ModuleDisabled(module);
        }
    }

    /// <summary>Only through <see cref="Caching.CacheInvalidation"/>, which also tells the other instances.</summary>
    internal void Forget() => _snapshot = null;

    private async Task<Snapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var document = (await manifest.GetAsync(cancellationToken)).Document;
        var disabled = document["modules"]!.AsArray()
            .Where(m => m!["status"]!.GetValue<string>() == "disabled")
            .Select(m => m!["module_id"]!.GetValue<string>())
            .ToHashSet(StringComparer.Ordinal);
        var snapshot = new Snapshot(disabled, clock.GetUtcNow());
        _snapshot = snapshot;
        return snapshot;
    }

    private sealed record Snapshot(IReadOnlySet<string> Disabled, DateTimeOffset ReadAt);
}
