namespace Mplp.DevHost.Invocation;

/// <summary>
/// Awaits what a function method returned (void, T, Task, Task&lt;T&gt;, ValueTask, ValueTask&lt;T&gt;)
/// and yields the value. Built once per method so an invocation does no type inspection.
/// </summary>
internal static class ResultUnwrapper
{
    public static Type ResultTypeOf(Type returnType)
    {
        if (returnType == typeof(void) || returnType == typeof(Task) || returnType == typeof(ValueTask))
        {
            return typeof(void);
        }

        if (returnType.IsGenericType)
        {
            var definition = returnType.GetGenericTypeDefinition();
            if (definition == typeof(Task<>) || definition == typeof(ValueTask<>))
            {
                return returnType.GetGenericArguments()[0];
            }
        }

        return returnType;
    }

    public static Func<object?, ValueTask<object?>> For(Type returnType)
    {
        if (returnType == typeof(Task))
        {
            return async result =>
            {
                await (Task)result!;
                return null;
            };
        }

        if (returnType == typeof(ValueTask))
        {
            return async result =>
            {
                await (ValueTask)result!;
                return null;
            };
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var resultProperty = returnType.GetProperty(nameof(Task<object>.Result))!;
            return async result =>
            {
                await (Task)result!;
                return resultProperty.GetValue(result);
            };
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            var asTask = returnType.GetMethod(nameof(ValueTask<object>.AsTask))!;
            var resultProperty = typeof(Task<>).MakeGenericType(returnType.GetGenericArguments()).GetProperty(nameof(Task<object>.Result))!;
            return async result =>
            {
                var task = (Task)asTask.Invoke(result, null)!;
                await task;
                return resultProperty.GetValue(task);
            };
        }

        return result => ValueTask.FromResult(result);
    }
}
