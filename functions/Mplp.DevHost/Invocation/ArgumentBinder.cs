using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Mplp.DevHost.Functions;
using Mplp.DevHost.Http;
using Mplp.DevHost.Queues;
using Mplp.DevHost.Timers;

namespace Mplp.DevHost.Invocation;

/// <summary>Produces a parameter's value for an invocation.</summary>
public delegate ValueTask<object?> ArgumentSource(InvocationContext context);

/// <summary>
/// Decides, once per parameter, where its value comes from. A parameter the dev host cannot bind
/// is reported at start-up (<see cref="NotSupportedException"/>), never at the first request.
/// </summary>
internal static class ArgumentBinder
{
    public static ArgumentSource Create(FunctionDescriptor function, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(CancellationToken))
        {
            return context => ValueTask.FromResult<object?>(context.CancellationToken);
        }

        if (type == typeof(FunctionContext))
        {
            return context => ValueTask.FromResult<object?>(context.FunctionContext);
        }

        var binding = function.Metadata.FindBinding(parameter.Name!);
        if (binding is { IsTrigger: true })
        {
            return TriggerSource(function, parameter);
        }

        if (binding?.IsType(FunctionBinding.DurableClient) == true || type == typeof(DurableTaskClient))
        {
            return context => ValueTask.FromResult<object?>(context.Services.GetRequiredService<DurableTaskClient>());
        }

        if (binding is not null)
        {
            throw Unsupported(function, parameter, $"{binding.Type} input bindings are not supported");
        }

        var source = function.Kind switch
        {
            FunctionKind.Http => HttpArguments.TryCreate(function, parameter),
            FunctionKind.Queue => QueueArguments.TryCreateFromBindingData(parameter),
            _ => null,
        };
        return source ?? throw Unsupported(function, parameter, "it is neither a binding, a route value nor a known service type");
    }

    private static ArgumentSource TriggerSource(FunctionDescriptor function, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        switch (function.Kind)
        {
            case FunctionKind.Http:
                return HttpArguments.TryCreateTrigger(parameter)
                    ?? throw Unsupported(function, parameter, "bind the HTTP trigger as HttpRequest (ASP.NET Core integration)");
            case FunctionKind.Queue:
                return QueueArguments.CreateTrigger(type);
            case FunctionKind.Timer:
                return TimerArguments.CreateTrigger(type);
            case FunctionKind.Orchestration when type.IsAssignableFrom(typeof(TaskOrchestrationContext)):
            case FunctionKind.Activity:
                // An activity's input arrives already deserialized to the parameter's type.
                return context => ValueTask.FromResult(context.TriggerValue);
            default:
                throw Unsupported(function, parameter, "bind the orchestration trigger as TaskOrchestrationContext");
        }
    }

    internal static NotSupportedException Unsupported(FunctionDescriptor function, ParameterInfo parameter, string reason)
        => new($"Function '{function.Name}': parameter '{parameter.Name}' ({parameter.ParameterType.Name}) cannot be bound: {reason}.");
}
