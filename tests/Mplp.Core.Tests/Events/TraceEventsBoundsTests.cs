using System.Text.Json;
using System.Text.Json.Nodes;
using Mplp.Core.Events;
using Mplp.Core.Protocol;

namespace Mplp.Core.Tests.Events;

public sealed class TraceEventsBoundsTests
{
    private static readonly MplpSchemas Schemas = MplpSchemas.Load();

    [Fact]
    public void Excerpt_8KNonAsciiCharacters_FitsTheEventOnceEscaped()
    {
        var output = new string('é', 9 * 1024);

        var outboxEvent = TraceEvents.Create("plan", "step.completed", Guid.NewGuid(), DateTimeOffset.UtcNow, new JsonObject
        {
            ["output"] = TraceEvents.Excerpt(output),
            ["error"] = TraceEvents.Excerpt(output),
        });

        Assert.True(TraceEvents.StoredSize(outboxEvent.Event) <= TraceEvents.MaxEventChars);
        var excerpt = outboxEvent.Event["data"]!["output"]!.GetValue<string>();
        Assert.EndsWith(TraceEvents.TruncationMarker, excerpt, StringComparison.Ordinal);
        Assert.True(JsonValue.Create(excerpt).ToJsonString().Length <= TraceEvents.MaxExcerptChars + 2);
    }

    [Fact]
    public void Excerpt_ShortText_IsKeptWhole()
    {
        Assert.Equal("done: é", TraceEvents.Excerpt("done: é"));
        Assert.Null(TraceEvents.Excerpt(null));
    }

    [Fact]
    public void Cut_AtASurrogatePair_NeverSplitsIt()
    {
        // 5 + 12 (one pair escaped) + 17 (the marker) + 6: room for half of the second pair, which is dropped.
        var cut = TraceEvents.Cut(new string('a', 5) + "😀😀😀", 5 + 12 + 17 + 6);

        Assert.Equal("aaaaa😀" + TraceEvents.TruncationMarker, cut);
    }

    [Fact]
    public void Create_HugeFieldName_IsLeftOutAndListedAsTruncated()
    {
        var data = new JsonObject { ["context_id"] = Guid.NewGuid().ToString(), [new string('x', 200 * 1024)] = 1 };

        var mplpEvent = TraceEvents.Create("context", "context.updated", Guid.NewGuid(), DateTimeOffset.UtcNow, data).Event;

        Assert.True(TraceEvents.StoredSize(mplpEvent) <= TraceEvents.MaxEventChars);
        Assert.NotNull(mplpEvent["data"]!["context_id"]);
        var truncated = mplpEvent["data"]![TraceEvents.TruncatedField]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Single(truncated);
        Assert.StartsWith("/data/xxx", truncated[0], StringComparison.Ordinal);
        Assert.EndsWith(TraceEvents.TruncationMarker, truncated[0], StringComparison.Ordinal);
        Assert.Empty(Schemas.Validate("common/events.schema.json", JsonSerializer.SerializeToElement(mplpEvent)));
    }

    [Fact]
    public void Bound_ManyLongStrings_CutsEachAndKeepsTheRest()
    {
        var data = new JsonObject
        {
            ["a"] = new string('<', 20_000),
            ["nested"] = new JsonObject { ["b"] = new JsonArray(new string('ü', 20_000)) },
            ["small"] = "kept",
        };
        var mplpEvent = new JsonObject { ["event_id"] = Guid.NewGuid().ToString(), ["event_type"] = "a.b", ["data"] = data };

        var bounded = TraceEvents.Bound(mplpEvent);

        Assert.True(TraceEvents.StoredSize(bounded) <= TraceEvents.MaxEventChars);
        Assert.Equal("kept", bounded["data"]!["small"]!.GetValue<string>());
        Assert.EndsWith(TraceEvents.TruncationMarker, bounded["data"]!["a"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["/data/a", "/data/nested/b/0"], bounded["data"]![TraceEvents.TruncatedField]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(20_000, mplpEvent["data"]!["a"]!.GetValue<string>().Length);
    }

    [Fact]
    public void Bound_OversizedEnvelope_KeepsOnlyItsIdentity()
    {
        var mplpEvent = new JsonObject { ["event_id"] = "e", ["event_type"] = new string('a', 100_000), ["data"] = null };

        var bounded = TraceEvents.Bound(mplpEvent);

        Assert.True(TraceEvents.StoredSize(bounded) <= TraceEvents.MaxEventChars);
        Assert.Equal("e", bounded["event_id"]!.GetValue<string>());
        Assert.Equal(["/data"], bounded["data"]![TraceEvents.TruncatedField]!.AsArray().Select(p => p!.GetValue<string>()));
    }

    [Fact]
    public void Bound_EventThatFits_IsTheSameObject()
    {
        var mplpEvent = new JsonObject { ["event_id"] = "e", ["data"] = new JsonObject { ["text"] = new string('é', 1000) } };

        Assert.Same(mplpEvent, TraceEvents.Bound(mplpEvent));
    }
}
