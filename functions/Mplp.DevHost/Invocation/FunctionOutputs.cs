using System.Reflection;
using Mplp.DevHost.Functions;
using Mplp.DevHost.Queues;

namespace Mplp.DevHost.Invocation;

/// <summary>
/// What a function's result turns into: the value for its HTTP response and the messages of its
/// queue output bindings. An output binding is the return value (<c>$return</c>) or, for a
/// multi-output type, the property the binding is named after.
/// </summary>
public sealed class FunctionOutputs
{
    private const string ReturnValue = "$return";

    private readonly string? _httpOutput;
    private readonly IReadOnlyList<QueueOutput> _queues;

    private FunctionOutputs(string? httpOutput, IReadOnlyList<QueueOutput> queues)
    {
        _httpOutput = httpOutput;
        _queues = queues;
    }

    /// <summary>Adds a message to <paramref name="errors"/> for each output binding the dev host cannot serve.</summary>
    public static FunctionOutputs Create(FunctionDescriptor function, Func<FunctionBinding, QueueOutput>? queueOutputs, List<string> errors)
    {
        string? httpOutput = null;
        var queues = new List<QueueOutput>();
        foreach (var output in function.Metadata.Bindings.Where(b => b.IsOutput))
        {
            if (output.IsType(FunctionBinding.HttpOutput))
            {
                httpOutput = output.Name;
            }
            else if (output.IsType(FunctionBinding.QueueOutput) && queueOutputs is not null && function.Kind != FunctionKind.Orchestration)
            {
                try
                {
                    queues.Add(queueOutputs(output));
                }
                catch (Exception e) when (e is NotSupportedException or InvalidOperationException)
                {
                    errors.Add($"Function '{function.Name}': output binding {output}: {e.Message}");
                }
            }
            else
            {
                errors.Add($"Function '{function.Name}': output binding {output} is not supported by the dev host.");
            }
        }

        return new FunctionOutputs(httpOutput, queues);
    }

    public IReadOnlyList<QueueOutput> Queues => _queues;

    /// <summary>The value the HTTP response is made from.</summary>
    public object? ResponseOf(object? result)
        => _httpOutput is null or ReturnValue ? result : PropertyOf(result, _httpOutput);

    public async Task SendAsync(object? result, CancellationToken cancellationToken)
    {
        foreach (var queue in _queues)
        {
            var value = queue.BindingName == ReturnValue ? result : PropertyOf(result, queue.BindingName);
            await queue.SendAsync(value, cancellationToken);
        }
    }

    private static object? PropertyOf(object? result, string name)
        => result?.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.GetValue(result);
}
