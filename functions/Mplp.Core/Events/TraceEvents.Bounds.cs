using System.Text.Json.Nodes;

namespace Mplp.Core.Events;

/// <summary>
/// The one size rule of the event log. The log keeps an event as its JSON text in one Azure Table
/// string property (64 KiB of UTF-16); a row storage refuses would hold up every event behind it.
/// The text is <see cref="JsonNode.ToJsonString"/>, which escapes every non-ASCII character (one
/// UTF-16 unit becomes six characters), so the size that counts is the escaped one.
/// </summary>
public static partial class TraceEvents
{
    /// <summary>At most this many characters of stored (escaped) JSON per event: 64 KiB of UTF-16.</summary>
    public const int MaxEventChars = 32 * 1024;

    /// <summary>Ends a string that was cut; <c>data.truncated</c> lists the JSON Pointers of what was cut or left out.</summary>
    public const string TruncationMarker = "…[truncated]";

    /// <summary>Where <see cref="Bound"/> lists what it cut or left out.</summary>
    public const string TruncatedField = "truncated";

    // A string in an oversized event is cut to this; a path in data.truncated too; the list holds at most MaxPaths.
    private const int MaxValueChars = 4 * 1024;
    private const int MaxPathChars = 256;
    private const int MaxPaths = 16;

    /// <summary>The size the event log stores: the escaped JSON text.</summary>
    public static int StoredSize(JsonNode node) => node.ToJsonString().Length;

    /// <summary>
    /// The event itself if it fits <see cref="MaxEventChars"/>; otherwise a copy whose long strings in
    /// <c>data</c> are cut (with <see cref="TruncationMarker"/>), then whose largest <c>data</c> members
    /// are left out until it fits, each listed in <c>data.truncated</c>. An event that still does not
    /// fit keeps only its envelope and <c>data.truncated: ["/data"]</c>.
    /// </summary>
    public static JsonObject Bound(JsonObject mplpEvent)
    {
        if (StoredSize(mplpEvent) <= MaxEventChars)
        {
            return mplpEvent;
        }

        var bounded = mplpEvent.DeepClone().AsObject();
        if (bounded["data"] is JsonObject data)
        {
            var truncated = new List<string>();
            CutStrings(data, "/data", truncated);
            SetTruncated(data, truncated);
            var largestFirst = data.Where(p => p.Key != TruncatedField)
                .Select(p => (p.Key, Size: p.Key.Length + (p.Value is null ? 4 : StoredSize(p.Value))))
                .OrderByDescending(p => p.Size)
                .Select(p => p.Key)
                .ToList();
            foreach (var key in largestFirst)
            {
                if (StoredSize(bounded) <= MaxEventChars)
                {
                    break;
                }

                data.Remove(key);
                truncated.Add(Pointer("/data", key));
                SetTruncated(data, truncated);
            }
        }

        return StoredSize(bounded) <= MaxEventChars ? bounded : Envelope(bounded);
    }

    /// <summary>
    /// <paramref name="text"/> if its escaped JSON is at most <paramref name="maxChars"/> long, else
    /// its start and <see cref="TruncationMarker"/> within that length (a surrogate pair is never split).
    /// </summary>
    public static string Cut(string text, int maxChars)
    {
        if (EscapedLength(text) <= maxChars)
        {
            return text;
        }

        var room = maxChars - EscapedLength(TruncationMarker);
        var length = 0;
        for (var used = 0; length < text.Length && used + EscapedLength(text[length]) <= room; length++)
        {
            used += EscapedLength(text[length]);
        }

        if (length > 0 && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        return string.Concat(text.AsSpan(0, length), TruncationMarker);
    }

    private static void CutStrings(JsonNode node, string path, List<string> truncated)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    Visit(value, Pointer(path, key), cut => obj[key] = cut);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var index = i;
                    Visit(array[i], $"{path}/{i}", cut => array[index] = cut);
                }

                break;
        }

        void Visit(JsonNode? value, string at, Action<string> replace)
        {
            if (value is JsonValue text && text.TryGetValue<string>(out var s) && EscapedLength(s) > MaxValueChars)
            {
                replace(Cut(s, MaxValueChars));
                truncated.Add(at);
            }
            else if (value is not null)
            {
                CutStrings(value, at, truncated);
            }
        }
    }

    private static void SetTruncated(JsonObject data, List<string> truncated)
    {
        if (truncated.Count > 0)
        {
            var listed = truncated.Take(MaxPaths).Select(p => Cut(p, MaxPathChars));
            data[TruncatedField] = new JsonArray([.. (truncated.Count > MaxPaths ? listed.Append(TruncationMarker) : listed).Select(p => (JsonNode?)p)]);
        }
    }

    /// <summary>The last resort: the event's identity and kind, nothing of its data.</summary>
    private static JsonObject Envelope(JsonObject mplpEvent)
    {
        var envelope = new JsonObject();
        foreach (var field in new[] { "event_id", "event_type", "source", "timestamp", "trace_id" })
        {
            if (mplpEvent[field] is JsonValue value && value.TryGetValue<string>(out var s))
            {
                envelope[field] = Cut(s, MaxPathChars);
            }
        }

        envelope["data"] = new JsonObject { [TruncatedField] = new JsonArray("/data") };
        return envelope;
    }

    private static string Pointer(string parent, string key) => $"{parent}/{key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}";

    private static int EscapedLength(string text)
    {
        var length = 0;
        foreach (var c in text)
        {
            length += EscapedLength(c);
        }

        return length;
    }

    // An upper bound of what the default encoder writes: printable ASCII stays one character,
    // except quotes, backslash and the HTML-sensitive ones; anything else becomes \uXXXX.
    private static int EscapedLength(char c) => c is >= ' ' and < '\x7f' and not ('"' or '\\' or '<' or '>' or '&' or '\'' or '+' or '`') ? 1 : 6;
}
