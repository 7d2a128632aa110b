using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mplp.Core.Events;
using Mplp.Core.Protocol;

namespace Mplp.Core.Tests.Events;

public sealed class TraceEventsTests
{
    [Fact]
    public void Create_AnyModuleEvent_IsAnOfficialMplpEvent()
    {
        var traceId = Guid.NewGuid();

        var outboxEvent = TraceEvents.Create("context", "context.created", traceId, DateTimeOffset.UtcNow, new JsonObject { ["status"] = "draft" });

        Assert.Equal(traceId.ToString(), outboxEvent.PartitionKey);
        Assert.Empty(MplpSchemas.Load().Validate("common/events.schema.json", JsonSerializer.SerializeToElement(outboxEvent.Event)));
    }

    [Fact]
    public void Create_InASpan_RecordsItsTraceAndSpanIdsInData()
    {
        using var span = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();

        var outboxEvent = TraceEvents.Create("plan", "plan.created", Guid.NewGuid(), DateTimeOffset.UtcNow, new JsonObject { ["status"] = "draft" });

        Assert.Equal(span.TraceId.ToHexString(), outboxEvent.Event["data"]!["otel"]!["trace_id"]!.GetValue<string>());
        Assert.Equal(span.SpanId.ToHexString(), outboxEvent.Event["data"]!["otel"]!["span_id"]!.GetValue<string>());
        Assert.Empty(MplpSchemas.Load().Validate("common/events.schema.json", JsonSerializer.SerializeToElement(outboxEvent.Event)));
    }

    [Fact]
    public void Create_OutsideAnySpan_LeavesDataAlone()
    {
        Activity.Current = null;

        var outboxEvent = TraceEvents.Create("plan", "plan.created", Guid.NewGuid(), DateTimeOffset.UtcNow, new JsonObject { ["status"] = "draft" });

        Assert.Equal("""{"status":"draft"}""", outboxEvent.Event["data"]!.ToJsonString());
    }
}
