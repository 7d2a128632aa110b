using System.Text.Json.Nodes;
using Mplp.Core.OpenApi;

namespace Mplp.Core.Tests.OpenApi;

public sealed class MplpSchemaComponentsTests
{
    [Theory]
    [InlineData("mplp-plan.schema.json", "Plan")]
    [InlineData("common/metadata.schema.json", "Metadata")]
    [InlineData("common/common-types.schema.json", "CommonTypes")]
    [InlineData("events/mplp-graph-update-event.schema.json", "GraphUpdateEvent")]
    public void NameOf_SchemaPath_IsPascalCaseWithoutMplpPrefix(string path, string expected)
    {
        Assert.Equal(expected, MplpSchemaComponents.NameOf(path));
    }

    [Theory]
    [InlineData("mplp-plan.schema.json", "common/metadata.schema.json", "#/components/schemas/Metadata")]
    [InlineData("mplp-plan.schema.json", "common/common-types.schema.json#/definitions/Ref", "#/components/schemas/CommonTypes/definitions/Ref")]
    [InlineData("mplp-plan.schema.json", "#/$defs/plan_step_core", "#/components/schemas/Plan/$defs/plan_step_core")]
    [InlineData("common/common-types.schema.json", "identifiers.schema.json", "#/components/schemas/Identifiers")]
    [InlineData("events/mplp-sa-event.schema.json", "mplp-event-core.schema.json", "#/components/schemas/EventCore")]
    public void RefOf_RelativeReference_PointsIntoComponents(string from, string reference, string expected)
    {
        Assert.Equal(expected, MplpSchemaComponents.RefOf(from, reference));
    }

    [Fact]
    public void Build_EveryVendoredSchema_HasNoDraft07IdentityAndOnlyComponentRefs()
    {
        var components = MplpSchemaComponents.Build();

        Assert.Equal(29, components.Count);
        Assert.Contains("Context", components.Keys);
        foreach (var (name, schema) in components)
        {
            Assert.False(schema.ContainsKey("$schema") || schema.ContainsKey("$id") || schema.ContainsKey("$comment") || schema.ContainsKey("x-mplp-meta"), name);
            Assert.All(Refs(schema), r => Assert.StartsWith(MplpSchemaComponents.ComponentsPrefix, r, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Build_PlanSchema_KeepsItsContent()
    {
        var plan = MplpSchemaComponents.Build()["Plan"];

        Assert.False(plan["additionalProperties"]!.GetValue<bool>());
        Assert.Contains("steps", plan["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.NotNull(plan["$defs"]?["plan_step_core"]);
    }

    private static IEnumerable<string> Refs(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Key == "$ref" ? [p.Value!.GetValue<string>()] : Refs(p.Value)),
        JsonArray array => array.SelectMany(Refs),
        _ => [],
    };
}
