using System.Text.Json.Nodes;
using Mplp.Core.Modules;
using Mplp.Core.Protocol;

namespace Mplp.Core.Tests.Modules;

public sealed class OwnTraceTests
{
    [Fact]
    public void AssignIfMissing_NoTrace_AssignsANewOneInTheContext()
    {
        var contextId = MplpIds.New().ToString();
        var document = new JsonObject();

        OwnTrace.AssignIfMissing(document, JsonValue.Create(contextId));

        Assert.True(MplpIds.TryParse(document["trace"]!["trace_id"]!.GetValue<string>(), out var traceId));
        Assert.Equal(traceId, OwnTrace.IdOf(document));
        Assert.Equal(contextId, document["trace"]!["context_id"]!.GetValue<string>());
    }

    [Fact]
    public void AssignIfMissing_ATrace_KeepsIt()
    {
        var given = OwnTrace.New();
        var document = new JsonObject { ["trace"] = given };

        OwnTrace.AssignIfMissing(document);

        Assert.Same(given, document["trace"]);
    }

    [Fact]
    public void New_EachTrace_HasItsOwnIds()
        => Assert.NotEqual(OwnTrace.New()["trace_id"]!.GetValue<string>(), OwnTrace.New()["trace_id"]!.GetValue<string>());
}
