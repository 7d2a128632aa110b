using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace Mplp.Testing;

/// <summary>Removes what a test made in Azurite, so the emulator's files stay small.</summary>
public static class TestStorage
{
    /// <summary>Deletes the tables and queues whose names start with <paramref name="prefix"/> (a task hub's, a queue and its poison queue).</summary>
    public static async Task DeletePrefixedAsync(string prefix)
    {
        var tables = new TableServiceClient(TestEnvironment.StorageConnectionString);
        await foreach (var table in tables.QueryAsync(t => t.Name.CompareTo(prefix) >= 0 && t.Name.CompareTo(prefix + "~") < 0))
        {
            await tables.DeleteTableAsync(table.Name);
        }

        var queues = new QueueServiceClient(TestEnvironment.StorageConnectionString);
        await foreach (var queue in queues.GetQueuesAsync(prefix: prefix.ToLowerInvariant()))
        {
            await queues.DeleteQueueAsync(queue.Name);
        }
    }
}
