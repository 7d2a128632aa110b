using Microsoft.Azure.Functions.Worker;
using Mplp.DevHost.Functions;

namespace Mplp.DevHost.Invocation;

/// <summary>What one invocation of a function can bind its parameters from.</summary>
public sealed class InvocationContext
{
    private static readonly IReadOnlyDictionary<string, object?> NoBindingData = new Dictionary<string, object?>();

    private FunctionContext? _functionContext;

    public InvocationContext(FunctionDescriptor function, FunctionDefinition definition, IServiceProvider services, CancellationToken cancellationToken)
    {
        Function = function;
        Definition = definition;
        Services = services;
        CancellationToken = cancellationToken;
    }

    public FunctionDescriptor Function { get; }

    public FunctionDefinition Definition { get; }

    /// <summary>The invocation's scope: a request scope for HTTP, a scope per message or activity otherwise.</summary>
    public IServiceProvider Services { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>What the trigger delivered: the HttpContext, the QueueMessage, the orchestration context or the activity input.</summary>
    public object? TriggerValue { get; init; }

    /// <summary>Named values a parameter can bind to by name (route values, queue message properties).</summary>
    public IReadOnlyDictionary<string, object?> BindingData { get; init; } = NoBindingData;

    /// <summary>Created on first use: most functions never ask for it.</summary>
    public FunctionContext FunctionContext => _functionContext ??= new DevFunctionContext(this);
}
