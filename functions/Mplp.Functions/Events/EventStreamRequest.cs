using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Mplp.Core.Errors;
using Mplp.Core.Events;
using Mplp.Core.Protocol;

namespace Mplp.Functions.Events;

/// <summary>
/// What a stream request asks for: where to resume (<c>Last-Event-ID</c>, else <c>last_event_id</c>)
/// and which events (<c>event_type</c>, <c>event_family</c>, <c>plan_id</c>; each may repeat or
/// list values with commas). Anything else in the query, or a value that is not one, is a 400.
/// </summary>
public sealed partial record EventStreamRequest(long After, EventFilter Filter)
{
    public const string LastEventIdHeader = "Last-Event-ID";
    public const string LastEventIdParameter = "last_event_id";
    public const string EventTypeParameter = "event_type";
    public const string EventFamilyParameter = "event_family";
    public const string PlanIdParameter = "plan_id";

    private const int MaxValues = 20;

    private static readonly string[] Parameters = [LastEventIdParameter, EventTypeParameter, EventFamilyParameter, PlanIdParameter];

    public static EventStreamRequest Parse(HttpRequest request)
    {
        if (request.Query.Keys.FirstOrDefault(k => !Parameters.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            throw Problems.BadQuery(unknown, $"is not a parameter of the event stream ({string.Join(", ", Parameters)})");
        }

        // The header wins: a reconnecting EventSource sends it beside the URL it first opened.
        var after = request.Headers.TryGetValue(LastEventIdHeader, out var header)
            ? Position(header, () => Problems.BadHeader(LastEventIdHeader, "must be the id of an event of this stream"))
            : request.Query.TryGetValue(LastEventIdParameter, out var query)
                ? Position(query, () => Problems.BadQuery(LastEventIdParameter, "must be the id of an event of this stream"))
                : 0;

        var types = Values(request, EventTypeParameter, t => t.Length <= 100 && EventTypePattern().IsMatch(t), "must be event types (letters, digits, '.' and '_')");
        var families = Values(request, EventFamilyParameter, EventFamilies.Known.Contains, $"must be MPLP event families ({string.Join(", ", EventFamilies.Known.Order(StringComparer.Ordinal))})");
        var plans = Values(request, PlanIdParameter, p => MplpIds.TryParse(p, out _), "must be a lower-case UUID v4");
        if (plans.Count > 1)
        {
            throw Problems.BadQuery(PlanIdParameter, "may name one plan");
        }

        return new EventStreamRequest(after, new EventFilter(types, families, plans.SingleOrDefault()));
    }

    private static long Position(Microsoft.Extensions.Primitives.StringValues values, Func<ProblemException> invalid)
        => values.Count == 1 && values[0] is { Length: > 0 and <= 18 } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            ? position
            : throw invalid();

    private static List<string> Values(HttpRequest request, string parameter, Func<string, bool> valid, string message)
    {
        var values = request.Query[parameter].SelectMany(v => (v ?? "").Split(',')).ToList();
        if (values.Count > MaxValues || values.Any(v => !valid(v)))
        {
            throw Problems.BadQuery(parameter, values.Count > MaxValues ? $"takes at most {MaxValues} values" : message);
        }

        return values;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_]+)*$")]
    private static partial Regex EventTypePattern();
}
