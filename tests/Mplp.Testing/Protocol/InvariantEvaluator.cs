using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Mplp.Testing.Protocol;

/// <summary>
/// Evaluates MPLP invariants (<see cref="Invariant"/>) on objects by scope (<c>context</c>, <c>plan</c>,
/// <c>event</c>, ...). The rule vocabulary of the invariant files: <c>uuid-v4</c>, <c>non-empty-string</c>,
/// <c>optional-string</c>, <c>iso-datetime</c>, <c>exists</c>, <c>enum(a,b)</c>, <c>min-length(n)</c>,
/// <c>eq(scope.path)</c>, <c>eq("literal")</c>, <c>one-of(["a", "b"])</c> and <c>if(field == "value", rule)</c>; paths are dotted, <c>[*]</c> takes every item of an
/// array. A note <c>Apply when field == value</c> (or <c>Apply only when field exists</c>) makes an
/// invariant conditional; a note saying to validate <c>only when present</c> skips absent values.
/// An invariant whose scope has no object here does not apply; descriptive invariants (no rule) go to
/// <see cref="MapEventChecks"/>. An unknown rule throws: a rule nobody checks must not pass silently.
/// </summary>
public static partial class InvariantEvaluator
{
    /// <summary>
    /// Every violation of <paramref name="invariants"/> by <paramref name="objects"/> (scope to object);
    /// an invariant without a scope (golden/invariants) applies to <paramref name="defaultScope"/>.
    /// </summary>
    public static IReadOnlyList<InvariantViolation> Evaluate(IEnumerable<Invariant> invariants, IReadOnlyDictionary<string, JsonNode> objects, string? defaultScope = null)
    {
        var violations = new List<InvariantViolation>();
        foreach (var invariant in invariants)
        {
            if ((invariant.Scope ?? defaultScope) is not { } scope || !objects.TryGetValue(scope, out var target) || !Applies(invariant, target))
            {
                continue;
            }

            if (invariant.Rule is null)
            {
                violations.AddRange(MapEventChecks.Evaluate(invariant, target));
                continue;
            }

            var onlyWhenPresent = invariant.Note?.Contains("only when present", StringComparison.OrdinalIgnoreCase) == true;
            foreach (var (pointer, value) in Resolve(target, invariant.Path ?? ""))
            {
                if (value is null && onlyWhenPresent)
                {
                    continue;
                }

                if (Check(invariant.Rule, value, objects, target) is { } failure)
                {
                    violations.Add(new InvariantViolation(invariant.Id, pointer, failure));
                }
            }
        }

        return violations;
    }

    /// <summary>The values at a dotted path (<c>steps[*].step_id</c>), each with its JSON Pointer; a missing value is null.</summary>
    public static IEnumerable<(string Pointer, JsonNode? Value)> Resolve(JsonNode? root, string path)
    {
        IEnumerable<(string Pointer, JsonNode? Value)> current = [("", root)];
        foreach (var segment in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var each = segment.EndsWith("[*]", StringComparison.Ordinal);
            var name = each ? segment[..^3] : segment;
            current = current.SelectMany(c =>
            {
                var child = (Pointer: $"{c.Pointer}/{name}", Value: (c.Value as JsonObject)?[name]);
                return !each ? [child]
                    : child.Value is JsonArray items ? items.Select((item, i) => ($"{child.Pointer}/{i}", item))
                    : [child];  // not an array where one is wanted: the rule sees what is there
            });
        }

        return current;
    }

    /// <summary>Null when <paramref name="value"/> (of the object <paramref name="target"/>) satisfies <paramref name="rule"/>; else what is wrong.</summary>
    public static string? Check(string rule, JsonNode? value, IReadOnlyDictionary<string, JsonNode> objects, JsonNode? target = null)
    {
        var text = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        var call = RuleCall().Match(rule);
        var (name, argument) = call.Success ? (call.Groups["name"].Value, call.Groups["arg"].Value) : (rule, "");
        return name switch
        {
            "uuid-v4" => text is not null && UuidV4().IsMatch(text) ? null : $"must be a lower-case UUID v4, is {Show(value)}",
            "non-empty-string" => !string.IsNullOrWhiteSpace(text) ? null : $"must be a non-empty string, is {Show(value)}",
            "optional-string" => value is null || text is not null ? null : $"must be a string if present, is {Show(value)}",
            "exists" => value is not null ? null : "must be present",
            "iso-datetime" => text is not null && IsoDateTime().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                ? null : $"must be an ISO 8601 date-time, is {Show(value)}",
            "enum" => text is not null && argument.Split(',').Select(a => a.Trim()).Contains(text) ? null : $"must be one of {argument}, is {Show(value)}",
            "min-length" => LengthOf(value) is { } length && length >= int.Parse(argument, CultureInfo.InvariantCulture)
                ? null : $"must hold at least {argument} items, holds {LengthOf(value)?.ToString(CultureInfo.InvariantCulture) ?? Show(value)}",
            "eq" => Equal(argument, value, objects),
            "one-of" => text is not null && JsonSerializer.Deserialize<string[]>(argument)!.Contains(text) ? null : $"must be one of {argument}, is {Show(value)}",
            "if" => Conditional(argument, value, objects, target),
            _ => throw new NotSupportedException($"Unknown invariant rule '{rule}'."),
        };
    }

    /// <summary>Whether the invariant's note lets it apply to <paramref name="target"/>.</summary>
    private static bool Applies(Invariant invariant, JsonNode target)
    {
        if (invariant.Note is not { } note)
        {
            return true;
        }

        var conditions = ApplyWhen().Matches(note).Select(m => Resolve(target, m.Groups["field"].Value).Single().Value?.ToString() == m.Groups["value"].Value);
        var exists = ApplyWhenExists().Matches(note).Select(m => Resolve(target, m.Groups["field"].Value).Single().Value is not null);
        var andFieldExists = note.Contains("AND field exists", StringComparison.Ordinal) ? [Resolve(target, invariant.Path ?? "").All(v => v.Value is not null)] : Array.Empty<bool>();
        return conditions.Concat(exists).Concat(andFieldExists).All(c => c);
    }

    /// <summary><c>if(status == "rejected", non-empty-string)</c>: the rule holds, or the object's field has another value.</summary>
    private static string? Conditional(string argument, JsonNode? value, IReadOnlyDictionary<string, JsonNode> objects, JsonNode? target)
    {
        var condition = IfCondition().Match(argument);
        if (!condition.Success)
        {
            throw new NotSupportedException($"Unknown condition in if({argument}).");
        }

        return Resolve(target, condition.Groups["field"].Value).Single().Value?.ToString() == condition.Groups["value"].Value
            ? Check(condition.Groups["rule"].Value, value, objects, target)
            : null;
    }

    private static string? Equal(string argument, JsonNode? value, IReadOnlyDictionary<string, JsonNode> objects)
    {
        JsonNode? expected;
        if (argument.StartsWith('"'))
        {
            expected = JsonValue.Create(JsonSerializer.Deserialize<string>(argument));
        }
        else
        {
            var dot = argument.IndexOf('.', StringComparison.Ordinal);
            if (!objects.TryGetValue(argument[..dot], out var other))
            {
                return $"names {argument[..dot]}, which is not given";
            }

            expected = Resolve(other, argument[(dot + 1)..]).Single().Value;
        }

        return expected is not null && JsonNode.DeepEquals(value, expected) ? null : $"must equal {argument} ({Show(expected)}), is {Show(value)}";
    }

    private static int? LengthOf(JsonNode? value) => value switch
    {
        JsonArray array => array.Count,
        JsonValue text when text.GetValueKind() == JsonValueKind.String => text.GetValue<string>().Length,
        _ => null,
    };

    private static string Show(JsonNode? value) => value?.ToJsonString() ?? "absent";

    [GeneratedRegex(@"^(?<name>[a-z-]+)\((?<arg>.*)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex RuleCall();

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex UuidV4();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateTime();

    [GeneratedRegex(@"^(?<field>[a-z_.]+) == ""(?<value>[^""]*)"", *(?<rule>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex IfCondition();

    // "Apply when event_family == pipeline_stage", "Apply when sample_family == delta_impact AND field exists"
    [GeneratedRegex(@"when (?<field>[a-z_.]+) == ""?(?<value>[A-Za-z0-9_.-]+)""?", RegexOptions.CultureInvariant)]
    private static partial Regex ApplyWhen();

    // "Apply only when completed_at field exists", "Apply only when meta.human_feedback_label exists"
    [GeneratedRegex(@"only when (?<field>[a-z_.]+)(?: field)? exists", RegexOptions.CultureInvariant)]
    private static partial Regex ApplyWhenExists();
}
