using System.Text.Json.Nodes;
using Mplp.Core.Configuration;
using Mplp.Core.Errors;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Dialogs;
using Mplp.Core.Modules.Plans;

namespace Mplp.Core.Tests.Modules;

public sealed class DocumentLimitsTests
{
    private static readonly LimitsOptions Small = new() { MaxDocumentBytes = 100, MaxDialogMessages = 2 };

    [Fact]
    public void RequireSize_NewObjectOverTheLimit_Is413DocumentTooLarge()
    {
        var problem = Assert.Throws<ProblemException>(() => DocumentLimits.RequireSize(PlanModule.Definition, 101, null, Small)).Problem;

        Assert.Equal((413, "DOCUMENT_TOO_LARGE"), (problem.Status, problem.Code));
    }

    [Fact]
    public void RequireSize_OverTheLimitButNotLargerThanBefore_Passes()
    {
        // Stored before the limit was lowered: it may still shrink or stay as large as it is.
        var before = new JsonObject { ["text"] = new string('x', 200) };

        DocumentLimits.RequireSize(PlanModule.Definition, DocumentLimits.Serialize(before).Length, before, Small);
        DocumentLimits.RequireSize(PlanModule.Definition, 150, before, Small);
    }

    [Fact]
    public void Serialize_NonAscii_IsMeasuredEscaped()
    {
        // What the store writes: each é becomes \u00e9, six bytes, so escaping cannot slip past the limit.
        Assert.Equal("{\"t\":\"\"}".Length + 6 * 10, DocumentLimits.Serialize(new JsonObject { ["t"] = new string('é', 10) }).Length);
    }

    [Fact]
    public void Serialize_DeeperThanTheWriterAllows_Is400ValidationFailed()
    {
        var deep = new JsonObject();
        var inner = deep;
        for (var i = 0; i < 70; i++)
        {
            var next = new JsonObject();
            inner["a"] = next;
            inner = next;
        }

        var problem = Assert.Throws<ProblemException>(() => DocumentLimits.Serialize(deep)).Problem;

        Assert.Equal((400, "VALIDATION_FAILED"), (problem.Status, problem.Code));
    }

    [Fact]
    public void RequireCappedList_SentTooLong_Is422_AppendedByAction_Is409ListFull()
    {
        var dialog = Dialog(3);

        var sent = Assert.Throws<ProblemException>(() => DocumentLimits.RequireCappedList(DialogModule.Definition, dialog, null, byAction: false, Small)).Problem;
        var appended = Assert.Throws<ProblemException>(() => DocumentLimits.RequireCappedList(DialogModule.Definition, dialog, Dialog(2), byAction: true, Small)).Problem;

        Assert.Equal((422, "RULE_VIOLATION", "/messages"), (sent.Status, sent.Code, sent.Errors![0].Path));
        Assert.Equal((409, "LIST_FULL", "/messages"), (appended.Status, appended.Code, appended.Errors![0].Path));
    }

    [Fact]
    public void RequireCappedList_OverTheCapButNotGrowing_Passes()
    {
        DocumentLimits.RequireCappedList(DialogModule.Definition, Dialog(4), Dialog(5), byAction: true, Small);
        DocumentLimits.RequireCappedList(DialogModule.Definition, Dialog(2), null, byAction: false, Small);
    }

    private static JsonObject Dialog(int messages)
        => new() { ["messages"] = new JsonArray([.. Enumerable.Range(0, messages).Select(i => (JsonNode?)new JsonObject { ["content"] = $"m{i}" })]) };
}
