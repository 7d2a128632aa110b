using Microsoft.Azure.Functions.Worker;
using Mplp.DevHost.Functions;

namespace Mplp.DevHost.Tests.Functions;

/// <summary>Function classes for unit tests, with metadata written the way the Worker SDK writes it.</summary>
public sealed class SampleFunctions
{
    public const string Namespace = "Mplp.DevHost.Tests.Functions.SampleFunctions";

    [Function("Static")]
    public static string Static(string request, CancellationToken cancellationToken) => "static";

    [Function("Instance")]
    public Task<int> Instance(string request, FunctionContext context) => Task.FromResult(context.FunctionDefinition.Name.Length);

    [Function("Unbindable")]
    public static void Unbindable(string request, Uri somethingElse, TimeZoneInfo another)
    {
    }

    public static FunctionMetadata Metadata(string name, string method, string triggerType = "httpTrigger", string extraBindings = "")
        => FunctionMetadata.Parse($$"""
            [{
              "name": "{{name}}",
              "scriptFile": "Mplp.DevHost.Tests.dll",
              "entryPoint": "{{Namespace}}.{{method}}",
              "language": "dotnet-isolated",
              "bindings": [
                { "name": "request", "direction": "In", "type": "{{triggerType}}", "methods": ["get"], "route": "sample/{id:int?}" }
                {{extraBindings}}
              ]
            }]
            """).Single();
}
