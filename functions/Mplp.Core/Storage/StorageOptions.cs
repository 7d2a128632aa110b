namespace Mplp.Core.Storage;

public sealed class StorageOptions
{
    public const string Section = "Mplp:Storage";

    /// <summary>
    /// A storage connection string; when empty, <c>AzureWebJobsStorage</c> (the Functions host's
    /// account) is used. Ignored when <see cref="TableServiceUri"/> is set.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The Table endpoint, for identity-based access (DefaultAzureCredential) without keys.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>The Queue endpoint of the AzureWebJobsStorage account, for identity-based access to agent queues.</summary>
    public Uri? QueueServiceUri { get; set; }
}
