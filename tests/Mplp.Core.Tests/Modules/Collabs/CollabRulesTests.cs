using System.Text.Json.Nodes;
using Mplp.Core.Modules.Collabs;

namespace Mplp.Core.Tests.Modules.Collabs;

public sealed class CollabRulesTests
{
    [Fact]
    public void Check_DistinctParticipants_HasNoErrors()
        => Assert.Empty(CollabRules.Check(Collab("alice", "bob")));

    [Fact]
    public void Check_RepeatedParticipant_NamesEachRepeat()
        => Assert.Equal(["/participants/2/participant_id", "/participants/3/participant_id"], CollabRules.Check(Collab("alice", "bob", "alice", "alice")).Select(e => e.Path));

    [Fact]
    public void Check_ParticipantIds_AreCaseSensitive()
        => Assert.Empty(CollabRules.Check(Collab("alice", "Alice")));

    [Theory]
    [InlineData("draft", "active", true)]
    [InlineData("active", "suspended", true)]
    [InlineData("suspended", "completed", true)]
    [InlineData("draft", "completed", false)]
    [InlineData("completed", "active", false)]
    [InlineData("cancelled", "draft", false)]
    public void Lifecycle_Move_FollowsTheCollabStateMachine(string from, string to, bool expected)
        => Assert.Equal(expected, CollabModule.Lifecycle.CanMove(from, to));

    private static JsonObject Collab(params string[] participants)
        => new() { ["participants"] = new JsonArray([.. participants.Select(p => (JsonNode)new JsonObject { ["participant_id"] = p })]) };
}
