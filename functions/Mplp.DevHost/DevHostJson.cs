using System.Text.Json;

namespace Mplp.DevHost;

/// <summary>The JSON settings the dev host reads and writes payloads with.</summary>
public static class DevHostJson
{
    /// <summary>Request bodies and queue messages read into a POCO: web defaults (case-insensitive).</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>What the Functions worker writes by default (case-insensitive, names as declared): queue
    /// output messages and Durable inputs, outputs and events look the same as under the Functions host.</summary>
    public static JsonSerializerOptions WorkerOptions { get; } = new() { PropertyNameCaseInsensitive = true };
}
