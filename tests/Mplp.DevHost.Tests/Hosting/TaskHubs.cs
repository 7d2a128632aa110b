using DurableTask.AzureStorage;

namespace Mplp.DevHost.Tests.Hosting;

/// <summary>Removes a test's task hub (queues, tables, containers) from the storage account, so runs do not pile up in Azurite.</summary>
public static class TaskHubs
{
    public static async Task DeleteAsync(string hubName)
    {
        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(Azurite.ConnectionString),
            TaskHubName = hubName,
        });
        await service.DeleteAsync();
    }
}
