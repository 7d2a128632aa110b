namespace Mplp.Core.Modules.Plans;

/// <summary>Configuration section <c>Mplp:Execution</c>: how plans run unless the execute request says otherwise.</summary>
public sealed class ExecutionOptions
{
    public const string Section = "Mplp:Execution";

    public int MaxParallelSteps { get; set; } = 4;

    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public int MaxAttempts { get; set; } = 3;
}
