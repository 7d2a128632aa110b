using System.Text.Json;

namespace Mplp.DevHost.Functions;

/// <summary>One function of the <c>functions.metadata</c> file the Worker SDK writes at build.</summary>
public sealed record FunctionMetadata(string Name, string ScriptFile, string EntryPoint, IReadOnlyList<FunctionBinding> Bindings)
{
    public const string FileName = "functions.metadata";

    public FunctionBinding Trigger => Bindings.SingleOrDefault(b => b.IsTrigger)
        ?? throw new InvalidOperationException($"Function '{Name}' has no trigger binding.");

    public FunctionBinding? FindBinding(string name)
        => Bindings.FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase));

    public static IReadOnlyList<FunctionMetadata> Load(string appDirectory)
    {
        var path = Path.Combine(appDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"No {FileName} in '{appDirectory}': build the Functions app first (the Worker SDK writes it at build).", path);
        }

        return Parse(File.ReadAllText(path));
    }

    public static IReadOnlyList<FunctionMetadata> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var functions = new List<FunctionMetadata>();
        foreach (var function in document.RootElement.EnumerateArray())
        {
            var bindings = function.GetProperty("bindings").EnumerateArray()
                .Select(b => new FunctionBinding(b.Clone()))
                .ToList();
            functions.Add(new FunctionMetadata(
                function.GetProperty("name").GetString()!,
                function.GetProperty("scriptFile").GetString()!,
                function.GetProperty("entryPoint").GetString()!,
                bindings));
        }

        return functions;
    }
}

/// <summary>A binding of a function; the JSON is kept whole because each binding type has its own properties.</summary>
public sealed class FunctionBinding(JsonElement json)
{
    public const string HttpTrigger = "httpTrigger";
    public const string HttpOutput = "http";
    public const string QueueTrigger = "queueTrigger";
    public const string QueueOutput = "queue";
    public const string OrchestrationTrigger = "orchestrationTrigger";
    public const string ActivityTrigger = "activityTrigger";
    public const string DurableClient = "durableClient";
    public const string TimerTrigger = "timerTrigger";

    public string Name => GetString("name") ?? throw new InvalidOperationException("A binding has no name.");

    public string Type => GetString("type") ?? throw new InvalidOperationException($"Binding '{Name}' has no type.");

    public bool IsTrigger => Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase);

    public bool IsOutput => string.Equals(GetString("direction"), "Out", StringComparison.OrdinalIgnoreCase);

    public bool IsType(string type) => string.Equals(Type, type, StringComparison.OrdinalIgnoreCase);

    public string? GetString(string property)
        => Find(property) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public IReadOnlyList<string> GetStrings(string property)
        => Find(property) is { ValueKind: JsonValueKind.Array } value
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
            : [];

    /// <summary>A boolean property; the Worker SDK writes <c>runOnStartup</c>/<c>useMonitor</c> only when set in the attribute.</summary>
    public bool? GetBoolean(string property)
        => Find(property) is { ValueKind: JsonValueKind.True or JsonValueKind.False } value ? value.GetBoolean() : null;

    private JsonElement? Find(string property)
    {
        foreach (var candidate in json.EnumerateObject())
        {
            if (string.Equals(candidate.Name, property, StringComparison.OrdinalIgnoreCase))
            {
                return candidate.Value;
            }
        }

        return null;
    }

    public override string ToString() => $"{Type} '{Name}'";
}
