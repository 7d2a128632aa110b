using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Mplp.DevHost.Invocation;

namespace Mplp.DevHost.Durable;

/// <summary>Registers the app's orchestrators and activities on a Durable Task worker, and a client, both over the backend's channel.</summary>
internal static class DurableFunctionRegistration
{
    /// <summary>The Functions worker's default JSON, so inputs, outputs and events look the same as under the Functions host.</summary>
    public static DataConverter Converter { get; } = new JsonDataConverter(DevHostJson.WorkerOptions);

    public static void Add(
        IServiceCollection services,
        DurableBackend backend,
        IEnumerable<FunctionInvoker> orchestrators,
        IEnumerable<FunctionInvoker> activities,
        RootServices root)
    {
        services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc(backend.Channel);
            worker.Configure(options => options.DataConverter = Converter);
            worker.AddTasks(registry =>
            {
                foreach (var orchestrator in orchestrators)
                {
                    registry.AddOrchestrator(orchestrator.Function.Name, () => new FunctionOrchestrator(orchestrator, root.Services, Converter));
                }

                foreach (var activity in activities)
                {
                    var inputType = TriggerParameterType(activity);
                    registry.AddActivity(activity.Function.Name, provider => new FunctionActivity(activity, provider, inputType));
                }
            });
        });
        services.AddDurableTaskClient(client =>
        {
            client.UseGrpc(backend.Channel);
            client.Configure(options => options.DataConverter = Converter);
        });
    }

    private static Type TriggerParameterType(FunctionInvoker activity)
    {
        var triggerName = activity.Function.Trigger.Name;
        return activity.Function.Method.GetParameters()
            .FirstOrDefault(p => string.Equals(p.Name, triggerName, StringComparison.OrdinalIgnoreCase))?.ParameterType
            ?? typeof(object);
    }
}

/// <summary>The app's root services, known only once its host is built; orchestrator factories are registered before that.</summary>
internal sealed class RootServices
{
    private IServiceProvider? _services;

    public IServiceProvider Services
    {
        get => _services ?? throw new InvalidOperationException("The dev host has not been built yet.");
        set => _services = value;
    }
}
