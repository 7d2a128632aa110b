using Azure.Identity;
using Azure.Storage.Queues;
using Mplp.ReferenceAgent;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

// Mplp.ReferenceAgent --role builder [--role tester] [--command "make test"] [--storage <connection string> | --queue-service-uri <uri>] [--poll-ms 500]
// Storage: --queue-service-uri (or Mplp__Storage__QueueServiceUri) with DefaultAzureCredential (workload or managed identity),
// else --storage (or AzureWebJobsStorage), else Azurite.
var roles = new List<string>();
string? command = null;
var poll = TimeSpan.FromMilliseconds(500);
var storage = Environment.GetEnvironmentVariable("AzureWebJobsStorage") is { Length: > 0 } configured ? configured : "UseDevelopmentStorage=true";
Uri.TryCreate(Environment.GetEnvironmentVariable("Mplp__Storage__QueueServiceUri"), UriKind.Absolute, out var queueServiceUri);
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--role" when value is not null: roles.Add(value); i++; break;
        case "--command" when value is not null: command = value; i++; break;
        case "--storage" when value is not null: storage = value; queueServiceUri = null; i++; break;
        case "--queue-service-uri" when Uri.TryCreate(value, UriKind.Absolute, out var uri): queueServiceUri = uri; i++; break;
        case "--poll-ms" when int.TryParse(value, out var ms) && ms is >= 10 and <= 60_000: poll = TimeSpan.FromMilliseconds(ms); i++; break;
        default:
            Console.Error.WriteLine("usage: Mplp.ReferenceAgent --role ROLE [--role ROLE...] [--command \"sh command\"] [--storage CONNECTION | --queue-service-uri URI] [--poll-ms 10..60000]");
            return 2;
    }
}

if (roles.Count == 0)
{
    Console.Error.WriteLine("name at least one --role");
    return 2;
}

// Always on, so every work item has a span whose id the result carries; exported only to a configured collector.
var tracing = Sdk.CreateTracerProviderBuilder()
    .ConfigureResource(resource => resource.AddService(Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME") ?? "mplp-reference-agent"))
    .AddSource(ReferenceAgent.SourceName);
if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
{
    tracing.AddOtlpExporter();
}

using var tracer = tracing.Build();
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
try
{
    var queues = queueServiceUri is null ? new QueueServiceClient(storage) : new QueueServiceClient(queueServiceUri, new DefaultAzureCredential());
    await new ReferenceAgent(new AgentSettings(roles, queues, command, poll), Console.Out, TimeProvider.System).RunAsync(stop.Token);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    // Ctrl-C: the work item in hand, if any, becomes visible again for another agent.
}

return 0;
