using System.Globalization;
using System.Text.Json.Nodes;
using Mplp.Core.Errors;

namespace Mplp.Core.Protocol;

/// <summary>
/// Reads the small platform bodies that are not MPLP objects (a role assignment, an API key
/// request, a permission check): only the named fields, each checked, every error with its path,
/// then one 400 VALIDATION_FAILED for all of them.
/// </summary>
public sealed class PlatformBody
{
    private const int MaxTextLength = 256;
    private readonly JsonObject _body;
    private readonly List<SchemaError> _errors = [];

    public PlatformBody(JsonObject body, params string[] fields)
    {
        _body = body;
        _errors.AddRange(body.Where(p => !fields.Contains(p.Key)).Select(p => new SchemaError($"/{p.Key}", "is not a known field")));
    }

    /// <summary>A non-empty string of printable characters, at most 256 long.</summary>
    public string? Text(string name, bool required)
    {
        if (!Present(name, required, out var node))
        {
            return null;
        }

        if (node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length is > 0 and <= MaxTextLength && !text.Any(char.IsControl))
        {
            return text;
        }

        return Fail<string>(name, $"must be a non-empty string of at most {MaxTextLength} printable characters");
    }

    public Guid? Id(string name, bool required)
    {
        if (!Present(name, required, out var node))
        {
            return null;
        }

        return node is JsonValue value && value.TryGetValue<string>(out var text) && MplpIds.TryParse(text, out var id)
            ? id
            : Fail<Guid>(name, "must be a lower-case UUID v4");
    }

    public bool? Flag(string name)
    {
        if (!Present(name, required: false, out var node))
        {
            return null;
        }

        if (node is JsonValue value && value.TryGetValue<bool>(out var flag))
        {
            return flag;
        }

        Reject(name, "must be true or false");
        return null;
    }

    /// <summary>An array of non-empty strings (at most 50).</summary>
    public IReadOnlyList<string>? Texts(string name)
    {
        if (!Present(name, required: false, out var node))
        {
            return null;
        }

        if (node is JsonArray array && array.Count <= 50 && array.All(i => i is JsonValue v && v.TryGetValue<string>(out var t) && t.Length is > 0 and <= MaxTextLength))
        {
            return [.. array.Select(i => i!.GetValue<string>())];
        }

        Reject(name, "must be an array of at most 50 non-empty strings");
        return null;
    }

    public int? Integer(string name, int min, int max)
    {
        if (!Present(name, required: false, out var node))
        {
            return null;
        }

        return node is JsonValue value && value.TryGetValue<int>(out var number) && number >= min && number <= max
            ? number
            : Fail<int>(name, $"must be a whole number from {min} to {max}");
    }

    public DateTimeOffset? Time(string name)
    {
        if (!Present(name, required: false, out var node))
        {
            return null;
        }

        return node is JsonValue value && value.TryGetValue<string>(out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : Fail<DateTimeOffset>(name, "must be an RFC 3339 date-time");
    }

    /// <summary>Adds an error found by the caller's own rule.</summary>
    public void Reject(string name, string message) => _errors.Add(new SchemaError($"/{name}", message));

    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
        {
            throw Problems.Validation(_errors);
        }
    }

    private bool Present(string name, bool required, out JsonNode? node)
    {
        if (_body.TryGetPropertyValue(name, out node) && node is not null)
        {
            return true;
        }

        if (required)
        {
            Reject(name, "is required");
        }

        return false;
    }

    private T? Fail<T>(string name, string message)
    {
        Reject(name, message);
        return default;
    }
}
