using System.Reflection;

namespace Mplp.DevHost.Functions;

public enum FunctionKind
{
    Http,
    Queue,
    Orchestration,
    Activity,
    Timer,
}

/// <summary>A function the dev host serves: its metadata and the <c>[Function]</c> method it runs.</summary>
public sealed record FunctionDescriptor(FunctionMetadata Metadata, FunctionKind Kind, MethodInfo Method)
{
    public string Name => Metadata.Name;

    public FunctionBinding Trigger => Metadata.Trigger;

    public static FunctionKind KindOf(FunctionMetadata metadata)
    {
        var trigger = metadata.Trigger;
        return trigger.Type switch
        {
            _ when trigger.IsType(FunctionBinding.HttpTrigger) => FunctionKind.Http,
            _ when trigger.IsType(FunctionBinding.QueueTrigger) => FunctionKind.Queue,
            _ when trigger.IsType(FunctionBinding.OrchestrationTrigger) => FunctionKind.Orchestration,
            _ when trigger.IsType(FunctionBinding.ActivityTrigger) => FunctionKind.Activity,
            _ when trigger.IsType(FunctionBinding.TimerTrigger) => FunctionKind.Timer,
            _ => throw new NotSupportedException(
                $"Function '{metadata.Name}': the dev host does not serve {trigger.Type} functions yet."),
        };
    }
}
