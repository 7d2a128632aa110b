using Azure.Storage.Queues;
using Mplp.DevHost.Configuration;
using Mplp.DevHost.Invocation;

namespace Mplp.DevHost.Queues;

/// <summary>Registers a <see cref="QueueTriggerListener"/> per queue-triggered function.</summary>
internal static class QueueTriggerRegistration
{
    /// <summary>A developer waits for the next poll after each idle spell: keep it short whatever host.json says.</summary>
    private static readonly TimeSpan LocalMaxPollingInterval = TimeSpan.FromSeconds(2);

    public static void Add(IServiceCollection services, IEnumerable<FunctionInvoker> invokers, IConfiguration configuration, QueueSettings settings)
    {
        QueueSettings local = settings with
        {
            MaxPollingInterval = settings.MaxPollingInterval < LocalMaxPollingInterval ? settings.MaxPollingInterval : LocalMaxPollingInterval,
        };
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
        foreach (FunctionInvoker invoker in invokers)
        {
            string queueName = QueueNameOf(invoker, configuration);
            string connection = StorageConnections.Resolve(configuration, invoker.Function.Trigger.GetString("connection"));
            var queue = new QueueClient(connection, queueName, options);
            var poison = new QueueClient(connection, queueName + "-poison", options);
            services.AddSingleton<IHostedService>(provider => new QueueTriggerListener(
                invoker,
                queue,
                poison,
                local,
                provider.GetRequiredService<IServiceScopeFactory>(),
                provider.GetRequiredService<ILoggerFactory>().CreateLogger("Function." + invoker.Function.Name)));
        }
    }

    /// <summary>Queue names are lower-case in Azure Storage; the Functions host lower-cases them too.</summary>
    public static string QueueNameOf(FunctionInvoker invoker, IConfiguration configuration)
        => BindingExpressions.Resolve(
            invoker.Function.Trigger.GetString("queueName")
                ?? throw new InvalidOperationException($"Function '{invoker.Function.Name}' has no queueName."),
            configuration).ToLowerInvariant();
}
