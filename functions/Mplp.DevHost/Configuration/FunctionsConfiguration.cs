using System.Text.Json;

namespace Mplp.DevHost.Configuration;

/// <summary>
/// Builds the app's configuration the way the Functions host hands it to a worker: the
/// <c>Values</c> of <c>local.settings.json</c> first (Core Tools passes them as environment
/// variables), then the real environment variables, then the command line. No appsettings files,
/// so a setting means the same thing under <c>func start</c> and under the dev host.
/// </summary>
public static class FunctionsConfiguration
{
    public const string LocalSettingsFileName = "local.settings.json";

    private static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--port"] = "DevHost:Port",
        ["--hub"] = "DevHost:HubName",
    };

    public static void Apply(
        IConfigurationBuilder configuration,
        string appDirectory,
        string[] args,
        IEnumerable<KeyValuePair<string, string?>> defaults)
    {
        configuration.Sources.Clear();
        configuration.AddInMemoryCollection(defaults);
        configuration.AddInMemoryCollection(ReadLocalSettings(appDirectory));
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(args, SwitchMappings);
    }

    /// <summary>Reads the <c>Values</c> of local.settings.json, if the file exists.</summary>
    /// <remarks>Keys use the environment-variable form (<c>A__B</c>), so they are normalised to <c>A:B</c>
    /// like the environment-variable provider does.</remarks>
    public static IReadOnlyDictionary<string, string?> ReadLocalSettings(string appDirectory)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var path = Path.Combine(appDirectory, LocalSettingsFileName);
        if (!File.Exists(path))
        {
            return values;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions
        {
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
        });
        if (!document.RootElement.TryGetProperty("Values", out var section) || section.ValueKind != JsonValueKind.Object)
        {
            return values;
        }

        foreach (var property in section.EnumerateObject())
        {
            var value = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Null => null,
                _ => property.Value.GetRawText(),
            };
            values[property.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = value;
        }

        return values;
    }
}
