using System.Text.Json.Nodes;
using Mplp.Core.Modules;
using Mplp.Core.OpenApi;
using static Mplp.Functions.OpenApi.SharedComponents;

namespace Mplp.Functions.OpenApi;

/// <summary>The pieces operations are made of: parameters, bodies, answers with their schemas and headers, problems.</summary>
internal static class OperationParts
{
    public static JsonObject PathParameter(string name, ModuleDefinition? module) => new()
    {
        ["name"] = name,
        ["in"] = "path",
        ["required"] = true,
        ["description"] = name == "id" && module is not null ? $"The {module.Name}'s {module.IdField} (lower-case UUID v4)." : name,
        ["schema"] = new JsonObject { ["type"] = "string" },
    };

    public static void AddPaging(JsonArray parameters)
    {
        parameters.Add(Ref("parameters", "Limit"));
        parameters.Add(Ref("parameters", "Cursor"));
    }

    /// <summary>The parameters and answer of an event stream (<c>EventStreamRequest</c>, <c>EventStreams</c>).</summary>
    public static void AddEventStream(JsonArray parameters, JsonObject responses)
    {
        var list = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } };
        parameters.Add(new JsonObject
        {
            ["name"] = Events.EventStreamRequest.LastEventIdHeader,
            ["in"] = "header",
            ["required"] = false,
            ["description"] = "Resume after this event id (sent by a reconnecting EventSource); wins over last_event_id.",
            ["schema"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[0-9]{1,18}$" },
        });
        parameters.Add(Query(Events.EventStreamRequest.LastEventIdParameter, "Resume after this event id.", new JsonObject { ["type"] = "string", ["pattern"] = "^[0-9]{1,18}$" }));
        parameters.Add(Query(Events.EventStreamRequest.EventTypeParameter, "Only these event types (repeat, or separate with commas).", list.DeepClone().AsObject()));
        parameters.Add(Query(Events.EventStreamRequest.EventFamilyParameter, "Only these MPLP event families (data.event_family).", list));
        parameters.Add(Query(Events.EventStreamRequest.PlanIdParameter, "Only events naming this plan (data.plan_id).", new JsonObject { ["type"] = "string", ["format"] = "uuid" }));
        responses["200"] = new JsonObject
        {
            ["description"] = "Server-Sent Events: `id:` the event's position in the trace, `event:` its event_type, `data:` the MPLP event; `: heartbeat` comments while quiet.",
            ["content"] = new JsonObject { ["text/event-stream"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } } },
        };
    }

    /// <summary>The module's schema, a part of it (a pointer such as <c>/$defs/x</c>) or another component by name.</summary>
    public static JsonObject ModuleSchema(ModuleDefinition? module, string part = "")
        => new()
        {
            ["$ref"] = MplpSchemaComponents.ComponentsPrefix + (part.Length > 0 && part[0] != '/'
                ? part
                : MplpSchemaComponents.ModuleComponent(module!.Name) + part),
        };

    public static JsonObject Body(JsonObject schema, params string[] mediaTypes)
    {
        var content = new JsonObject();
        foreach (var mediaType in mediaTypes)
        {
            content[mediaType] = new JsonObject { ["schema"] = schema.DeepClone() };
        }

        return new JsonObject { ["required"] = true, ["content"] = content };
    }

    public static JsonObject JsonAnswer(string description, JsonObject schema, string mediaType = "application/json") => new()
    {
        ["description"] = description,
        ["content"] = new JsonObject { [mediaType] = new JsonObject { ["schema"] = schema } },
    };

    public static JsonObject Document(ModuleDefinition module, string description, bool location = false)
    {
        var response = JsonAnswer(description, ModuleSchema(module));
        var headers = new JsonObject { ["ETag"] = Ref("headers", "ETag") };
        if (location)
        {
            headers["Location"] = Ref("headers", "Location");
        }

        response["headers"] = headers;
        return response;
    }

    public static JsonObject Page(JsonObject item, string title) => JsonAnswer("One page; next_cursor is null on the last.", new JsonObject
    {
        ["title"] = title,
        ["type"] = "object",
        ["required"] = Strings("items", "next_cursor"),
        ["properties"] = new JsonObject
        {
            ["items"] = new JsonObject { ["type"] = "array", ["items"] = item },
            ["next_cursor"] = new JsonObject { ["type"] = new JsonArray("string", "null") },
        },
    });

    public static JsonObject ProblemResponse(int status, string[] codes)
    {
        var response = JsonAnswer($"Problem: {string.Join(", ", codes)}.", Ref("schemas", Problem), Http.ApiResponse.ProblemContentType);
        response["x-problem-codes"] = Strings(codes);
        if (status == 503)
        {
            response["headers"] = new JsonObject { ["Retry-After"] = Ref("headers", "RetryAfter") };
        }

        return response;
    }
}
