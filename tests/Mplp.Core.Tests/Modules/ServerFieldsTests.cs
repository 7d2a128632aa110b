using System.Text.Json.Nodes;
using Mplp.Core.Errors;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Collabs;
using Mplp.Core.Modules.Plans;

namespace Mplp.Core.Tests.Modules;

public sealed class ServerFieldsTests
{
    private static readonly DateTimeOffset Created = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Updated = Created.AddHours(1);

    [Fact]
    public void StampNew_ClientStamps_AreOverwritten_ItsTagsKept()
    {
        var plan = Parse("""{"meta":{"created_by":"mallory","protocol_version":"0.1","tags":["t"]}}""");

        ServerFields.StampNew(plan, PlanModule.Definition, "alice", Created);

        var meta = plan["meta"]!;
        Assert.Equal(("alice", "alice", "1.0.0"), (meta["created_by"]!.GetValue<string>(), meta["updated_by"]!.GetValue<string>(), meta["protocol_version"]!.GetValue<string>()));
        Assert.Equal(["t"], meta["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Null(plan["created_at"]);  // a plan's schema has no top-level timestamps
    }

    [Fact]
    public void StampNew_ModuleWithTimestamps_SetsThemToo()
    {
        var collab = Parse("{}");

        ServerFields.StampNew(collab, CollabModule.Definition, "alice", Created);

        Assert.Equal(collab["meta"]!["created_at"]!.GetValue<string>(), collab["created_at"]!.GetValue<string>());
        Assert.Equal(collab["created_at"]!.GetValue<string>(), collab["updated_at"]!.GetValue<string>());
    }

    [Fact]
    public void StampUpdate_KeepsTheStoredCreation_RecordsThisChange()
    {
        var stored = Parse("{}");
        ServerFields.StampNew(stored, CollabModule.Definition, "alice", Created);
        var update = Parse("""{"meta":{"created_by":"mallory"},"created_at":"2020-01-01T00:00:00Z"}""");

        ServerFields.StampUpdate(update, stored, CollabModule.Definition, "bob", Updated);

        Assert.Equal(("alice", "bob"), (update["meta"]!["created_by"]!.GetValue<string>(), update["meta"]!["updated_by"]!.GetValue<string>()));
        Assert.Equal(stored["created_at"]!.GetValue<string>(), update["created_at"]!.GetValue<string>());
        Assert.NotEqual(update["created_at"]!.GetValue<string>(), update["updated_at"]!.GetValue<string>());
    }

    [Fact]
    public void ChangedBeyondStamps_OnlyUpdateStampsDiffer_IsFalse_ContentDiffers_IsTrue()
    {
        var before = Parse("""{"title":"a","updated_at":"1","meta":{"updated_at":"1","updated_by":"x"}}""");
        var restamped = Parse("""{"title":"a","updated_at":"2","meta":{"updated_at":"2","updated_by":"y"}}""");
        var retitled = Parse("""{"title":"b","updated_at":"1","meta":{"updated_at":"1","updated_by":"x"}}""");

        Assert.False(ServerFields.ChangedBeyondStamps(before, restamped));
        Assert.True(ServerFields.ChangedBeyondStamps(before, retitled));
    }

    [Fact]
    public void StampNew_MetaNotAnObject_Is400AtMeta()
    {
        var problem = Assert.Throws<ProblemException>(() => ServerFields.StampNew(Parse("""{"meta":"m"}"""), PlanModule.Definition, "alice", Created)).Problem;

        Assert.Equal((400, "/meta"), (problem.Status, problem.Errors![0].Path));
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
