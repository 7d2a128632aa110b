namespace Mplp.Core.Modules.CoreManifest;

/// <summary>Configuration section <c>Mplp:Modules</c>.</summary>
public sealed class ModulesOptions
{
    public const string Section = "Mplp:Modules";

    /// <summary>Modules this deployment does not run (the chart's mplp.modules.&lt;module&gt;.enabled false: Mplp__Modules__Disabled__N).</summary>
    public List<string> Disabled { get; set; } = [];

    /// <summary>How long an instance reuses the module switches it read (see <see cref="ModuleGate"/>).</summary>
    public TimeSpan SwitchFreshness { get; set; } = TimeSpan.FromSeconds(2);
}
