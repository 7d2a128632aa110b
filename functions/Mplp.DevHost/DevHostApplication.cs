using Mplp.DevHost.Functions;

namespace Mplp.DevHost;

/// <summary>The dev host's entry point: a Program.cs calls <see cref="RunAsync"/> and returns its exit code.</summary>
public static class DevHostApplication
{
    /// <summary>The folder of the dev host's output where build/Mplp.DevHost.targets copies the app's
    /// functions.metadata, host.json and local.settings.json.</summary>
    public static string DefaultAppDirectory => Path.Combine(AppContext.BaseDirectory, "app");

    /// <summary>Serves the app until Ctrl-C or SIGTERM.</summary>
    /// <returns>0 after a clean stop; 1 when the host could not start; 2 when the app asks for something unsupported.</returns>
    public static async Task<int> RunAsync(string[] args, string appDirectory, Action<IHostApplicationBuilder> configureApp)
    {
        FunctionsDevHost host;
        try
        {
            host = await FunctionsDevHost.StartAsync(args, appDirectory, configureApp);
        }
        catch (DevHostConfigurationException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
        catch (Exception e)
        {
            // The host has logged the details already when its own start failed; this line says what to fix.
            await Console.Error.WriteLineAsync($"Mplp dev host could not start: {e.Message}");
            return 1;
        }

        await using (host)
        {
            await host.WaitForShutdownAsync();
        }

        return 0;
    }
}
