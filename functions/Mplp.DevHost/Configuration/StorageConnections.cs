namespace Mplp.DevHost.Configuration;

/// <summary>Finds a storage connection string by binding connection name, with the Functions host's fallbacks.</summary>
public static class StorageConnections
{
    public const string DefaultConnectionName = "AzureWebJobsStorage";

    /// <summary>Azurite on 127.0.0.1:10000-10002: what a fresh checkout runs against.</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    public static string Resolve(IConfiguration configuration, string? connectionName)
    {
        var name = string.IsNullOrWhiteSpace(connectionName) ? DefaultConnectionName : connectionName;
        var value = configuration[name] ?? configuration["AzureWebJobs" + name];
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        if (string.Equals(name, DefaultConnectionName, StringComparison.OrdinalIgnoreCase))
        {
            return DevelopmentStorage;
        }

        throw new InvalidOperationException(
            $"The storage connection '{name}' is not configured: set '{name}' in local.settings.json or the environment.");
    }
}
