using System.Collections;
using System.Collections.Immutable;
using Microsoft.Azure.Functions.Worker;

namespace Mplp.DevHost.Invocation;

/// <summary>
/// A minimal <see cref="FunctionContext"/>: enough for <c>GetLogger</c>, <c>InstanceServices</c>,
/// <c>Items</c>, <c>BindingContext.BindingData</c> and <c>GetHttpContext()</c>. There is no worker
/// middleware in the dev host, so nothing else reads it.
/// </summary>
internal sealed class DevFunctionContext : FunctionContext
{
    /// <summary>The key the ASP.NET Core integration's <c>GetHttpContext()</c> looks up.</summary>
    private const string HttpContextKey = "HttpRequestContext";

    private readonly InvocationContext _invocation;

    public DevFunctionContext(InvocationContext invocation)
    {
        _invocation = invocation;
        InvocationId = Guid.NewGuid().ToString();
        Items = new Dictionary<object, object>();
        if (invocation.TriggerValue is HttpContext httpContext)
        {
            Items[HttpContextKey] = httpContext;
        }

        BindingContext = new DevBindingContext(invocation.BindingData);
    }

    public override string InvocationId { get; }

    public override string FunctionId => _invocation.Definition.Id;

    public override TraceContext TraceContext { get; } = new EmptyTraceContext();

    public override BindingContext BindingContext { get; }

    public override RetryContext RetryContext { get; } = new NoRetryContext();

    public override IServiceProvider InstanceServices
    {
        get => _invocation.Services;
        set => throw new NotSupportedException("The dev host owns the invocation's services.");
    }

    public override FunctionDefinition FunctionDefinition => _invocation.Definition;

    public override IDictionary<object, object> Items { get; set; }

    public override IInvocationFeatures Features { get; } = new InvocationFeatures();

    public override CancellationToken CancellationToken => _invocation.CancellationToken;

    private sealed class DevBindingContext(IReadOnlyDictionary<string, object?> bindingData) : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData { get; } = bindingData;
    }

    /// <summary>The dev host has no retry policies: every invocation is a first try.</summary>
    private sealed class NoRetryContext : RetryContext
    {
        public override int RetryCount => 0;

        public override int MaxRetryCount => 0;
    }

    private sealed class EmptyTraceContext : TraceContext
    {
        public override string TraceParent => System.Diagnostics.Activity.Current?.Id ?? string.Empty;

        public override string TraceState => System.Diagnostics.Activity.Current?.TraceStateString ?? string.Empty;
    }

    private sealed class InvocationFeatures : IInvocationFeatures
    {
        private readonly Dictionary<Type, object> _features = [];

        public T? Get<T>() => _features.TryGetValue(typeof(T), out var feature) ? (T)feature : default;

        public void Set<T>(T instance) => _features[typeof(T)] = instance!;

        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => _features.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>The function's definition as the worker would describe it, built once per function.</summary>
internal sealed class DevFunctionDefinition : FunctionDefinition
{
    public DevFunctionDefinition(Functions.FunctionDescriptor function)
    {
        Name = function.Name;
        Id = function.Name;
        EntryPoint = function.Metadata.EntryPoint;
        PathToAssembly = function.Method.DeclaringType!.Assembly.Location;
        Parameters = [.. function.Method.GetParameters().Select(p => new FunctionParameter(p.Name!, p.ParameterType))];
        InputBindings = Bindings(function, output: false);
        OutputBindings = Bindings(function, output: true);
    }

    public override ImmutableArray<FunctionParameter> Parameters { get; }

    public override string PathToAssembly { get; }

    public override string EntryPoint { get; }

    public override string Id { get; }

    public override string Name { get; }

    public override IImmutableDictionary<string, BindingMetadata> InputBindings { get; }

    public override IImmutableDictionary<string, BindingMetadata> OutputBindings { get; }

    private static ImmutableDictionary<string, BindingMetadata> Bindings(Functions.FunctionDescriptor function, bool output)
        => function.Metadata.Bindings
            .Where(b => b.IsOutput == output)
            .ToImmutableDictionary(b => b.Name, b => (BindingMetadata)new DevBindingMetadata(b));

    private sealed class DevBindingMetadata(Functions.FunctionBinding binding) : BindingMetadata
    {
        public override string Name { get; } = binding.Name;

        public override string Type { get; } = binding.Type;

        public override BindingDirection Direction { get; } = binding.IsOutput ? BindingDirection.Out : BindingDirection.In;
    }
}
