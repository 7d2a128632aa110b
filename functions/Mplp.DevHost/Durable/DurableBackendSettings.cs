using System.Security.Cryptography;
using System.Text;
using Mplp.DevHost.Configuration;

namespace Mplp.DevHost.Durable;

/// <summary>Where and as whom the dev host runs orchestrations.</summary>
public sealed record DurableBackendSettings(string HubName, string ConnectionString, string WorkerId, DurableHostSettings Host)
{
    /// <summary>After an idle spell the backend picks up new work only at its next poll: keep that short
    /// locally, whatever host.json says for production.</summary>
    private static readonly TimeSpan LocalMaxQueuePollingInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Hub from <c>DevHost:HubName</c> (so tests can isolate) or host.json. The worker id is stable
    /// for an app directory, hub and configured port: a host that restarts after a crash finds its own
    /// partition leases and resumes in seconds instead of waiting for them to expire, while two hosts
    /// running at once never pass for one another: they cannot share a port (except 0, any free port:
    /// then give each its own hub, as the tests do).
    /// </summary>
    public static DurableBackendSettings From(HostSettings host, IConfiguration configuration, string appDirectory)
    {
        var hubName = BindingExpressions.Resolve(configuration["DevHost:HubName"] ?? host.Durable.HubName, configuration);
        var connection = StorageConnections.Resolve(configuration, host.Durable.ConnectionName);
        var workerId = configuration["DevHost:WorkerId"]
            ?? StableWorkerId($"{Path.GetFullPath(appDirectory)}|{hubName}|{configuration["DevHost:Port"]}");
        var durable = host.Durable.MaxQueuePollingInterval <= LocalMaxQueuePollingInterval
            ? host.Durable
            : host.Durable with { MaxQueuePollingInterval = LocalMaxQueuePollingInterval };
        return new DurableBackendSettings(hubName, connection, workerId, durable);
    }

    private static string StableWorkerId(string identity)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(identity));
        return $"{Environment.MachineName}-devhost-{Convert.ToHexStringLower(hash)[..12]}";
    }
}
