using System.Text.RegularExpressions;
using Azure.Storage.Queues;
using Mplp.DevHost.Configuration;
using Mplp.DevHost.Functions;
using Mplp.DevHost.Invocation;

namespace Mplp.DevHost.Queues;

/// <summary>Registers a <see cref="QueueTriggerListener"/> per queue-triggered function.</summary>
internal static partial class QueueTriggerRegistration
{
    /// <summary>A developer waits for the next poll after each idle spell: keep it short whatever host.json says.</summary>
    private static readonly TimeSpan LocalMaxPollingInterval = TimeSpan.FromSeconds(2);

    /// <exception cref="DevHostConfigurationException">A queue name is not a valid Azure Storage queue name.</exception>
    public static void Add(IServiceCollection services, IEnumerable<FunctionInvoker> invokers, IConfiguration configuration, QueueSettings settings)
    {
        var invalid = invokers
            .Select(invoker => (invoker, name: QueueNameOf(invoker, configuration)))
            .Where(queue => !IsValidQueueName(queue.name))
            .Select(queue => $"Function '{queue.invoker.Function.Name}': '{queue.name}' is not a valid queue name (3-63 lower-case letters, digits and single dashes).")
            .ToList();
        if (invalid.Count > 0)
        {
            throw new DevHostConfigurationException(invalid);
        }

        var local = settings with
        {
            MaxPollingInterval = settings.MaxPollingInterval < LocalMaxPollingInterval ? settings.MaxPollingInterval : LocalMaxPollingInterval,
        };
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
        foreach (var invoker in invokers)
        {
            var queueName = QueueNameOf(invoker, configuration);
            var connection = StorageConnections.Resolve(configuration, invoker.Function.Trigger.GetString("connection"));
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

    /// <summary>Checked at start-up, as the Functions host does, rather than failing in the listener later.</summary>
    public static bool IsValidQueueName(string name)
        => name.Length is >= 3 and <= 63 && ValidQueueName().IsMatch(name) && !name.Contains("--", StringComparison.Ordinal);

    /// <summary>Queue names are lower-case in Azure Storage; the Functions host lower-cases them too.</summary>
    public static string QueueNameOf(FunctionInvoker invoker, IConfiguration configuration)
        => BindingExpressions.Resolve(
            invoker.Function.Trigger.GetString("queueName")
                ?? throw new InvalidOperationException($"Function '{invoker.Function.Name}' has no queueName."),
            configuration).ToLowerInvariant();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*[a-z0-9]$")]
    private static partial Regex ValidQueueName();
}
