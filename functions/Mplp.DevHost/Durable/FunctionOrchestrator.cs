using Microsoft.DurableTask;
using Mplp.DevHost.Invocation;

namespace Mplp.DevHost.Durable;

/// <summary>Runs an <c>[OrchestrationTrigger]</c> function as a Durable Task orchestrator.</summary>
internal sealed class FunctionOrchestrator(FunctionInvoker invoker, IServiceProvider services, DataConverter converter) : ITaskOrchestrator
{
    /// <summary>Deserialized as a JSON element; the orchestrator picks its type with GetInput&lt;T&gt;().</summary>
    public Type InputType => typeof(object);

    public Type OutputType => invoker.ResultType == typeof(void) ? typeof(object) : invoker.ResultType;

    public async Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
    {
        // No ConfigureAwait(false) anywhere on this path: orchestrator code must resume on the
        // orchestration's own scheduler to stay deterministic.
        await using var scope = services.CreateAsyncScope();
        var functionContext = new FunctionOrchestrationContext(
            context, input, converter, scope.ServiceProvider.GetRequiredService<ILoggerFactory>());
        var invocation = invoker.CreateContext(scope.ServiceProvider, functionContext, null, CancellationToken.None);
        return await invoker.InvokeAsync(invocation);
    }
}
