using Mplp.DevHost.Configuration;

namespace Mplp.DevHost;

/// <summary>One-line console logs, with the app's host.json levels on top of quiet defaults for the plumbing.</summary>
internal static class DevHostLogging
{
    public static void Configure(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss ";
        });
    }

    /// <summary>Lowest-precedence settings: the environment or local.settings.json (<c>Logging__LogLevel__X</c>) still win.</summary>
    public static Dictionary<string, string?> DefaultLevels(HostSettings host)
    {
        var levels = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            ["Logging:LogLevel:Microsoft.DurableTask"] = "Warning",

            // "orchestration started/completed/failed", "activity started/...": what a developer watches for.
            ["Logging:LogLevel:Microsoft.DurableTask.Worker.Orchestrations"] = "Information",
            ["Logging:LogLevel:Microsoft.DurableTask.Worker.Activities"] = "Information",
            ["Logging:LogLevel:DurableTask"] = "Warning",
            ["Logging:LogLevel:Grpc"] = "Warning",
            ["Logging:LogLevel:Azure"] = "Warning",
        };
        foreach (var (category, level) in host.LogLevels)
        {
            var key = string.Equals(category, "default", StringComparison.OrdinalIgnoreCase) ? "Default" : category;
            levels["Logging:LogLevel:" + key] = level;
        }

        return levels;
    }
}
