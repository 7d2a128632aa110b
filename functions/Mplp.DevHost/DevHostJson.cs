using System.Text.Json;

namespace Mplp.DevHost;

/// <summary>JSON for bodies and queue messages: web defaults (camelCase out, case-insensitive in).</summary>
public static class DevHostJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
