using System.Text.Json;
using System.Text.Json.Nodes;
using Mplp.Core.Protocol;

namespace Mplp.Core.Tests.Protocol;

public sealed class MplpSchemasTests
{
    private static readonly MplpSchemas Schemas = MplpSchemas.Load();

    public static TheoryData<string> OfficialExamples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Protocol", "Examples"), "*.json"))
        {
            if (Path.GetFileName(file) != "event.valid.json")
            {
                data.Add(Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory(Timeout = 10_000)]
    [MemberData(nameof(OfficialExamples))]
    public async Task ValidateModuleObject_OfficialExample_IsValid(string file)
    {
        var module = file.Split('.')[0];
        var example = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Protocol", "Examples", file)))!.AsObject();
        // The minimal examples carry a top-level $comment the schemas do not allow (DESIGN section 1).
        example.Remove("$comment");

        var errors = Schemas.ValidateModuleObject(module, JsonSerializer.SerializeToElement(example));

        Assert.Empty(errors);
    }

    [Fact]
    public void ValidateModuleObject_UnknownFieldAndBadId_ReportsEachPath()
    {
        var context = MinimalContext();
        context["colour"] = "blue";
        context["context_id"] = "550E8400-E29B-41D4-A716-446655440000";

        var errors = Schemas.ValidateModuleObject("context", JsonSerializer.SerializeToElement(context));

        Assert.Contains(errors, e => e.Path == "/context_id");
        Assert.Contains(errors, e => e.Path == "/colour" && e.Message.Contains("additionalProperties", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateModuleObject_BadDateTime_IsInvalid()
    {
        var context = MinimalContext();
        context["created_at"] = "yesterday";

        var errors = Schemas.ValidateModuleObject("context", JsonSerializer.SerializeToElement(context));

        Assert.Contains(errors, e => e.Path == "/created_at");
    }

    [Fact]
    public void Validate_UnknownSchema_Throws()
    {
        Assert.Throws<ArgumentException>(() => Schemas.Validate("mplp-nothing.schema.json", JsonSerializer.SerializeToElement(new { })));
    }

    internal static JsonObject MinimalContext() => new()
    {
        ["meta"] = new JsonObject { ["protocol_version"] = "1.0.0", ["schema_version"] = "1.0.0" },
        ["context_id"] = "550e8400-e29b-41d4-a716-446655440000",
        ["root"] = new JsonObject { ["domain"] = "ops", ["environment"] = "dev" },
        ["title"] = "demo",
        ["status"] = "draft",
    };
}
