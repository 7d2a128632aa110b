using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Mplp.DevHost.Functions;

namespace Mplp.DevHost.Invocation;

/// <summary>
/// Calls one <c>[Function]</c> method: binds its parameters, creates its class per invocation
/// from the invocation's scope (as the Functions worker does), awaits its result.
/// Everything that can be checked is checked once, when the invoker is created.
/// </summary>
public sealed class FunctionInvoker
{
    private readonly ArgumentSource[] _arguments;
    private readonly ObjectFactory? _factory;
    private readonly Func<object?, ValueTask<object?>> _unwrap;
    private readonly FunctionOutputs _outputs;

    private FunctionInvoker(FunctionDescriptor function, ArgumentSource[] arguments, FunctionOutputs outputs)
    {
        Function = function;
        Definition = new DevFunctionDefinition(function);
        ResultType = ResultUnwrapper.ResultTypeOf(function.Method.ReturnType);
        _arguments = arguments;
        _factory = function.Method.IsStatic ? null : ActivatorUtilities.CreateFactory(function.Method.DeclaringType!, Type.EmptyTypes);
        _unwrap = ResultUnwrapper.For(function.Method.ReturnType);
        _outputs = outputs;
    }

    public FunctionDescriptor Function { get; }

    public FunctionDefinition Definition { get; }

    /// <summary>What the method yields once awaited; <see cref="void"/> when nothing.</summary>
    /// <remarks>Orchestrators and activities have no output bindings, so for them this is what they return.</remarks>
    public Type ResultType { get; }

    public FunctionOutputs Outputs => _outputs;

    /// <param name="function">The function to call.</param>
    /// <param name="queueOutputs">Makes a queue output binding; without it, queue outputs are reported as unsupported.</param>
    /// <exception cref="DevHostConfigurationException">A parameter or an output binding cannot be served by the dev host.</exception>
    public static FunctionInvoker Create(FunctionDescriptor function, Func<FunctionBinding, Queues.QueueOutput>? queueOutputs = null)
    {
        var errors = new List<string>();
        var arguments = new List<ArgumentSource>();
        foreach (var parameter in function.Method.GetParameters())
        {
            try
            {
                arguments.Add(ArgumentBinder.Create(function, parameter));
            }
            catch (NotSupportedException e)
            {
                errors.Add(e.Message);
            }
        }

        var outputs = FunctionOutputs.Create(function, queueOutputs, errors);
        return errors.Count == 0 ? new FunctionInvoker(function, [.. arguments], outputs) : throw new DevHostConfigurationException(errors);
    }

    public InvocationContext CreateContext(
        IServiceProvider services,
        object? triggerValue,
        IReadOnlyDictionary<string, object?>? bindingData,
        CancellationToken cancellationToken)
        => new(Function, Definition, services, cancellationToken)
        {
            TriggerValue = triggerValue,
            BindingData = bindingData ?? new Dictionary<string, object?>(),
        };

    public async ValueTask<object?> InvokeAsync(InvocationContext context)
    {
        using var span = InvocationSpans.Start(Function);
        try
        {
            return await InvokeCoreAsync(context);
        }
        catch (Exception e)
        {
            InvocationSpans.Failed(span, e);
            throw;
        }
    }

    private async ValueTask<object?> InvokeCoreAsync(InvocationContext context)
    {
        var arguments = new object?[_arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = await _arguments[i](context);
        }

        var instance = _factory?.Invoke(context.Services, null);
        try
        {
            var result = await _unwrap(Function.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null));
            await _outputs.SendAsync(result, context.CancellationToken);
            return _outputs.ResponseOf(result);
        }
        finally
        {
            if (instance is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
            else if (instance is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }
}
