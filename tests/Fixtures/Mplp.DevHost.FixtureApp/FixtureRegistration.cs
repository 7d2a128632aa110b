using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mplp.DevHost.FixtureApp;

/// <summary>The fixture app's services, registered the way the product registers its own.</summary>
public static class FixtureRegistration
{
    public static IHostApplicationBuilder AddFixtureFunctions(this IHostApplicationBuilder builder)
    {
        var connection = builder.Configuration["AzureWebJobsStorage"] ?? "UseDevelopmentStorage=true";
        builder.Services.AddSingleton<Greeter>();
        builder.Services.AddSingleton(new QueueServiceClient(connection, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None }));
        builder.Services.AddSingleton<Recorder>();
        return builder;
    }
}

/// <summary>A service from DI, so the tests see that functions get the app's services.</summary>
public sealed class Greeter
{
    public string Greet(string? name) => $"Hello, {name}!";
}

/// <summary>Writes what a queue function received to the queue named by the <c>FixtureRecordQueue</c> setting, where the tests read it.</summary>
public sealed class Recorder(QueueServiceClient queues, Microsoft.Extensions.Configuration.IConfiguration configuration)
{
    public async Task RecordAsync(string json, CancellationToken cancellationToken)
    {
        var queue = queues.GetQueueClient(configuration["FixtureRecordQueue"] ?? "fixture-records");
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await queue.SendMessageAsync(json, cancellationToken);
    }
}
