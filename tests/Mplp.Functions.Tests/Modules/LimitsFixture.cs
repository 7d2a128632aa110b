using System.Net;
using System.Text.Json.Nodes;

namespace Mplp.Functions.Tests.Modules;

/// <summary>
/// A host with small list caps (3 messages, nodes, participants), so a test fills a list in a few
/// requests; the document size limit and the plan step limit keep their defaults. One host serves
/// every limits test class (a collection), as starting a host is the expensive part.
/// </summary>
public sealed class LimitsFixture : ApiFixture
{
    public const string Collection = "limits";
    public const int SmallCap = 3;

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("Mplp__Limits__MaxDialogMessages", $"{SmallCap}"),
        new("Mplp__Limits__MaxNetworkNodes", $"{SmallCap}"),
        new("Mplp__Limits__MaxCollabParticipants", $"{SmallCap}"),
    ];

    /// <summary>A new context and a client for a principal holding only <paramref name="capabilities"/> there.</summary>
    public async Task<(string Context, HttpClient Client)> ContextAndClientAsync(params string[] capabilities)
    {
        var context = await NewContextAsync();
        return (context, await ClientHoldingAsync(capabilities, context));
    }

    /// <summary>Asserts a refusal: its status, its code and, for a list, the path it names.</summary>
    public static void AssertProblem(HttpResponseMessage response, JsonObject problem, HttpStatusCode status, string code, string? path = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, problem["code"]!.GetValue<string>());
        if (path is not null)
        {
            Assert.Equal(path, problem["errors"]![0]!["path"]!.GetValue<string>());
        }
    }
}

[CollectionDefinition(LimitsFixture.Collection)]
public sealed class LimitsCollection : ICollectionFixture<LimitsFixture>;
