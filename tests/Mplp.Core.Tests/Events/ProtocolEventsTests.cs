using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mplp.Core.Events;
using Mplp.Core.Protocol;

namespace Mplp.Core.Tests.Events;

public sealed class ProtocolEventsTests
{
    private static readonly MplpSchemas Schemas = MplpSchemas.Load();
    private static readonly Guid TraceId = Guid.NewGuid();

    [Theory]
    [InlineData("SAStepStarted", "sa.step.started")]
    [InlineData("SAInitialized", "sa.initialized")]
    [InlineData("MAPRolesAssigned", "map.roles.assigned")]
    [InlineData("pipeline_stage_completed", "pipeline.stage.completed")]
    [InlineData("graph_update_node_add", "graph.update.node.add")]
    public void EnvelopeTypeOf_ProtocolName_IsDottedLowerCase(string name, string expected)
        => Assert.Equal(expected, ProtocolEvents.EnvelopeTypeOf(name));

    [Fact]
    public void Sa_InASpan_ValidatesAsEnvelopeAndSaEvent_SpanGoesIntoPayload()
    {
        using var span = new Activity("activity").SetIdFormat(ActivityIdFormat.W3C).Start();
        var scope = new SaScope(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), TraceId);

        var logged = ProtocolEvents.Sa("plan", "SAStepStarted", scope, DateTimeOffset.UtcNow, new JsonObject { ["step_id"] = Guid.NewGuid().ToString() });

        var data = AssertValid(logged, "events/mplp-sa-event.schema.json");
        Assert.Equal("sa.step.started", logged.Event["event_type"]!.GetValue<string>());
        Assert.Equal(span.SpanId.ToHexString(), data["payload"]!["otel"]!["span_id"]!.GetValue<string>());
        Assert.Equal(scope.SaId.ToString(), data["sa_id"]!.GetValue<string>());
    }

    [Fact]
    public void Map_InASpan_ValidatesAsEnvelopeAndMapEvent()
    {
        using var span = new Activity("activity").SetIdFormat(ActivityIdFormat.W3C).Start();

        var logged = ProtocolEvents.Map("collab", "MAPTurnDispatched", Guid.NewGuid(), TraceId, DateTimeOffset.UtcNow, new JsonObject { ["turn_number"] = 1 }, ["reviewer"]);

        var data = AssertValid(logged, "events/mplp-map-event.schema.json");
        Assert.Equal(1, data["payload"]!["turn_number"]!.GetValue<int>());
        Assert.Equal(["reviewer"], data["target_roles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Theory]
    [InlineData(ProtocolEvents.PipelineStage, "running")]
    [InlineData(ProtocolEvents.RuntimeExecution, "failed")]
    [InlineData(ProtocolEvents.GraphUpdate, "bulk")]
    public void Family_WithItsRequiredFields_ValidatesAsEnvelopeAndFamilyEvent(string family, string kind)
    {
        var logged = ProtocolEvents.Family("plan", family, kind, TraceId, DateTimeOffset.UtcNow, RequiredFields(family, kind));

        var data = AssertValid(logged, $"events/mplp-{family.Replace('_', '-')}-event.schema.json");
        Assert.Equal((family, $"{family}_{kind}"), (data["event_family"]!.GetValue<string>(), data["event_type"]!.GetValue<string>()));
    }

    [Fact]
    public void Family_WithoutWhatTheFamilyRequires_IsNotValid()
    {
        var logged = ProtocolEvents.Family("plan", ProtocolEvents.PipelineStage, "running", TraceId, DateTimeOffset.UtcNow, new JsonObject { ["stage_id"] = "build" });

        Assert.NotEmpty(Schemas.Validate("events/mplp-pipeline-stage-event.schema.json", JsonSerializer.SerializeToElement(logged.Event["data"])));
    }

    [Fact]
    public void AsV4_NameBasedId_IsAV4IdThatStaysTheSame()
    {
        var v5 = Guid.Parse("74738ff5-5367-5958-9aee-98fffdcd1876");

        Assert.True(MplpIds.TryParse(MplpIds.AsV4(v5).ToString(), out _));
        Assert.Equal(MplpIds.AsV4(v5), MplpIds.AsV4(v5));
        Assert.Equal("74738ff5-5367-4958-9aee-98fffdcd1876", MplpIds.AsV4(v5).ToString());
    }

    private static JsonObject RequiredFields(string family, string kind) => family switch
    {
        ProtocolEvents.PipelineStage => new() { ["pipeline_id"] = Guid.NewGuid().ToString(), ["stage_id"] = "build", ["stage_status"] = kind },
        ProtocolEvents.RuntimeExecution => new() { ["execution_id"] = Guid.NewGuid().ToString(), ["executor_kind"] = "agent", ["status"] = kind },
        _ => new() { ["graph_id"] = Guid.NewGuid().ToString(), ["update_kind"] = kind, ["node_delta"] = 3, ["edge_delta"] = 1 },
    };

    /// <summary>The log entry is the common envelope, its data the protocol event: same id and time.</summary>
    private static JsonObject AssertValid(OutboxEvent logged, string schema)
    {
        var data = logged.Event["data"]!.AsObject();
        Assert.Empty(Schemas.Validate("common/events.schema.json", JsonSerializer.SerializeToElement(logged.Event)));
        Assert.Empty(Schemas.Validate(schema, JsonSerializer.SerializeToElement(data)));
        Assert.Equal(logged.Event["event_id"]!.GetValue<string>(), data["event_id"]!.GetValue<string>());
        Assert.Equal(logged.Event["timestamp"]!.GetValue<string>(), data["timestamp"]!.GetValue<string>());
        return data;
    }
}
