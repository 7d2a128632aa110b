using Microsoft.DurableTask;
using Mplp.DevHost.Invocation;

namespace Mplp.DevHost.Durable;

/// <summary>Runs an <c>[ActivityTrigger]</c> function as a Durable Task activity.</summary>
internal sealed class FunctionActivity(FunctionInvoker invoker, IServiceProvider services, Type inputType) : ITaskActivity
{
    /// <summary>The trigger parameter's type: the worker deserializes the input straight to it.</summary>
    public Type InputType => inputType;

    public Type OutputType => invoker.ResultType == typeof(void) ? typeof(object) : invoker.ResultType;

    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        await using var scope = services.CreateAsyncScope();
        var invocation = invoker.CreateContext(scope.ServiceProvider, input, ActivityBindingData(context), CancellationToken.None);
        return await invoker.InvokeAsync(invocation);
    }

    private static Dictionary<string, object?> ActivityBindingData(TaskActivityContext context) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["instanceId"] = context.InstanceId,
        ["name"] = context.Name.Name,
    };
}
