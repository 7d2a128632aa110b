using System.Diagnostics;
using System.Text.Json.Nodes;
using Mplp.Core.Modules.Traces;
using Mplp.Core.Protocol;

namespace Mplp.Core.Tests.Modules.Traces;

public sealed class TraceModuleTests
{
    private const string TraceId = "11111111-1111-4111-8111-111111111111";
    private const string ContextId = "22222222-2222-4222-8222-222222222222";

    [Theory]
    [InlineData("pending", "running", true)]
    [InlineData("running", "failed", true)]
    [InlineData("pending", "completed", false)]
    [InlineData("completed", "running", false)]
    [InlineData("cancelled", "pending", false)]
    public void Lifecycle_Move_FollowsTheTraceStateMachine(string from, string to, bool expected)
        => Assert.Equal(expected, TraceModule.Lifecycle.CanMove(from, to));

    [Fact]
    public void PrepareNew_WithoutARootSpan_GivesItOneInItsOwnTraceAndContext()
    {
        Activity.Current = null;
        var trace = Trace();

        TraceModule.Definition.PrepareNew!(trace, DateTimeOffset.UnixEpoch);

        var rootSpan = trace["root_span"]!;
        Assert.Equal((TraceId, ContextId), (rootSpan["trace_id"]!.GetValue<string>(), rootSpan["context_id"]!.GetValue<string>()));
        Assert.True(MplpIds.TryParse(rootSpan["span_id"]!.GetValue<string>(), out _));
        Assert.Null(rootSpan["attributes"]);
    }

    [Fact]
    public void PrepareNew_InASpan_TheRootSpanNamesIt()
    {
        using var span = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();
        var trace = Trace();

        TraceModule.Definition.PrepareNew!(trace, DateTimeOffset.UnixEpoch);

        Assert.Equal(span.SpanId.ToHexString(), trace["root_span"]!["attributes"]!["otel"]!["span_id"]!.GetValue<string>());
    }

    [Fact]
    public void PrepareNew_WithARootSpan_KeepsIt()
    {
        var given = new JsonObject { ["span_id"] = "33333333-3333-4333-8333-333333333333" };
        var trace = Trace();
        trace["root_span"] = given;

        TraceModule.Definition.PrepareNew!(trace, DateTimeOffset.UnixEpoch);

        Assert.Same(given, trace["root_span"]);
    }

    private static JsonObject Trace() => new() { ["trace_id"] = TraceId, ["context_id"] = ContextId };
}
