using System.Text.Json;
using System.Text.Json.Nodes;
using Mplp.Core.Events;
using Mplp.Core.Protocol;

namespace Mplp.Core.Tests.Events;

public sealed class TraceEventsTests
{
    [Fact(Timeout = 10_000)]
    public async Task Create_AnyModuleEvent_IsAnOfficialMplpEvent()
    {
        await Task.Yield();
        var traceId = Guid.NewGuid();

        var outboxEvent = TraceEvents.Create("context", "context.created", traceId, DateTimeOffset.UtcNow, new JsonObject { ["status"] = "draft" });

        Assert.Equal(traceId.ToString(), outboxEvent.PartitionKey);
        Assert.Empty(MplpSchemas.Load().Validate("common/events.schema.json", JsonSerializer.SerializeToElement(outboxEvent.Event)));
    }
}
