using System.Text.Json.Nodes;
using Mplp.Core.Events;
using Mplp.Core.Modules.Traces;

namespace Mplp.Core.Tests.Modules.Traces;

public sealed class TraceImportTests
{
    private const string TraceId = "11111111-1111-4111-8111-111111111111";
    private const string OtherTrace = "33333333-3333-4333-8333-333333333333";

    [Theory]
    [InlineData("completed", false, true)]
    [InlineData("failed", false, true)]
    [InlineData("running", true, true)]
    [InlineData("running", false, false)]
    [InlineData("pending", false, false)]
    public void Brings_FinalStatusOrEvents_IsAnImport(string status, bool withEvents, bool expected)
    {
        var trace = Trace(status, withEvents ? [Event(1)] : []);

        Assert.Equal(expected, TraceImport.Rule.Brings(trace));
        Assert.Equal("trace:append", TraceImport.Rule.Capability);
    }

    [Fact]
    public void Check_EventOfAnotherTraceRepeatedIdOrTooLarge_NamesEachPath()
    {
        var foreign = Event(1);
        foreign["trace_id"] = OtherTrace;
        var large = Event(3);
        large["data"] = new JsonObject { ["blob"] = new string('x', TraceEvents.MaxEventChars) };
        var trace = Trace("completed", [foreign, Event(2), Event(2), large]);

        var errors = TraceImport.Check(trace);

        Assert.Equal(["/events/0/trace_id", "/events/2/event_id", "/events/3"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Check_EventsOfThisTraceOrNone_Pass()
    {
        var own = Event(1);
        own["trace_id"] = TraceId;

        Assert.Empty(TraceImport.Check(Trace("completed", [own, Event(2)])));
    }

    [Fact]
    public void LogEvents_KeepIdsAndTimestamps_InTheTracesOwnPartition()
    {
        var trace = Trace("completed", [Event(1), Event(2)]);

        var logged = TraceImport.Rule.LogEvents!(Guid.Parse(TraceId), trace);

        Assert.All(logged, e => Assert.Equal(TraceId, e.PartitionKey));
        Assert.Equal([Id(1), Id(2)], logged.Select(e => e.Event["event_id"]!.GetValue<string>()));
        Assert.All(logged, e => Assert.Equal("2025-01-28T15:30:00.000Z", e.Event["timestamp"]!.GetValue<string>()));
        Assert.All(logged, e => Assert.Equal(TraceId, e.Event["trace_id"]!.GetValue<string>()));
        Assert.Null(trace["events"]![0]!["trace_id"]);  // the object keeps its events as sent
    }

    private static JsonObject Trace(string status, JsonObject[] events) => new()
    {
        ["trace_id"] = TraceId,
        ["status"] = status,
        ["events"] = new JsonArray([.. events]),
    };

    private static JsonObject Event(int n) => new()
    {
        ["event_id"] = Id(n),
        ["event_type"] = "step.completed",
        ["source"] = "runtime.elsewhere",
        ["timestamp"] = "2025-01-28T15:30:00.000Z",
    };

    private static string Id(int n) => $"00000000-0000-4000-8000-{n:D12}";
}
