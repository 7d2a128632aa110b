namespace Mplp.Core.Modules.CoreManifest;

/// <summary>Configuration section <c>Mplp:Modules</c>.</summary>
public sealed class ModuleSwitchOptions
{
    public const string Section = "Mplp:Modules";

    /// <summary>How long an instance reuses the module switches it read (see <see cref="ModuleGate"/>).</summary>
    public TimeSpan SwitchFreshness { get; set; } = TimeSpan.FromSeconds(2);
}
