using Mplp.Core.Modules.Collabs;
using Mplp.Core.Modules.Confirms;
using Mplp.Core.Modules.Contexts;
using Mplp.Core.Modules.CoreManifest;
using Mplp.Core.Modules.Dialogs;
using Mplp.Core.Modules.Extensions;
using Mplp.Core.Modules.Networks;
using Mplp.Core.Modules.Plans;
using Mplp.Core.Modules.Roles;
using Mplp.Core.Modules.Traces;

namespace Mplp.Core.Modules;

/// <summary>The modules this instance serves, by their MPLP name.</summary>
public static class MplpModules
{
    public static readonly IReadOnlyList<ModuleDefinition> All =
    [
        ContextModule.Definition,
        PlanModule.Definition,
        ConfirmModule.Definition,
        TraceModule.Definition,
        RoleModule.Definition,
        ExtensionModule.Definition,
        DialogModule.Definition,
        CollabModule.Definition,
        CoreModule.Definition,
        NetworkModule.Definition,
    ];

    public static ModuleDefinition ByName(string name)
        => All.FirstOrDefault(m => m.Name == name) ?? throw new ArgumentException($"No module named '{name}'.", nameof(name));
}
