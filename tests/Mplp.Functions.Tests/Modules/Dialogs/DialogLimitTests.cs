using System.Net;

namespace Mplp.Functions.Tests.Modules.Dialogs;

/// <summary>A dialog holds at most <c>Mplp:Limits:MaxDialogMessages</c> messages (here 3) and a document at most <c>MaxDocumentBytes</c>.</summary>
[Collection(LimitsFixture.Collection)]
public sealed class DialogLimitTests(LimitsFixture api)
{
    [Fact(Timeout = 60_000)]
    public async Task PostMessage_ToAFullDialog_Returns409ListFullAndAddsNothing()
    {
        var (id, client) = await NewDialogAsync();
        await FillAsync(id, client);

        var (response, problem) = await PostAsync(id, client, "one too many");

        LimitsFixture.AssertProblem(response, problem, HttpStatusCode.Conflict, "LIST_FULL", "/messages");
        var (_, dialog) = await api.SendAsync(HttpMethod.Get, $"/api/v1/dialogs/{id}", client: client);
        Assert.Equal(LimitsFixture.SmallCap, dialog["messages"]!.AsArray().Count);
    }

    [Fact(Timeout = 60_000)]
    public async Task PostMessage_UpToTheCap_AppendsEach()
    {
        var (id, client) = await NewDialogAsync();

        await FillAsync(id, client);

        var (_, page) = await api.SendAsync(HttpMethod.Get, $"/api/v1/dialogs/{id}/messages", client: client);
        Assert.Equal(["m0", "m1", "m2"], page["items"]!.AsArray().Select(m => m!["content"]!.GetValue<string>()));
    }

    [Fact(Timeout = 60_000)]
    public async Task PostMessage_GrowingTheDialogPastTheSizeLimit_Returns413AndAddsNothing()
    {
        var (id, client) = await NewDialogAsync();
        var large = new string('x', 400_000);
        var (first, _) = await PostAsync(id, client, large);
        var (second, _) = await PostAsync(id, client, large);

        // Each body is far under the body limit; together they pass the 1 MiB document limit.
        var (third, problem) = await PostAsync(id, client, large);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        LimitsFixture.AssertProblem(third, problem, HttpStatusCode.RequestEntityTooLarge, "DOCUMENT_TOO_LARGE");
        var (_, dialog) = await api.SendAsync(HttpMethod.Get, $"/api/v1/dialogs/{id}", client: client);
        Assert.Equal(2, dialog["messages"]!.AsArray().Count);
    }

    [Fact(Timeout = 60_000)]
    public async Task Create_WithMoreMessagesThanTheCap_Returns422()
    {
        var (context, client) = await api.ContextAndClientAsync("dialog:write", "dialog:read");
        var messages = Enumerable.Range(0, LimitsFixture.SmallCap + 1).Select(i => new { role = "user", content = $"m{i}", timestamp = "2026-01-01T00:00:00Z" });

        var (response, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/dialogs", new { context_id = context, messages }, client: client);

        LimitsFixture.AssertProblem(response, problem, HttpStatusCode.UnprocessableEntity, "RULE_VIOLATION", "/messages");
    }

    [Fact(Timeout = 60_000)]
    public async Task PostMessage_NestedDeeperThanTheStoreAllows_Returns400AndAddsNothing()
    {
        var (id, client) = await NewDialogAsync();
        // 62 levels pass the body's limit of 64; inside messages[] the dialog would be 64 deep.
        var nested = string.Concat(Enumerable.Repeat("{\"a\":", 62)) + "1" + new string('}', 62);

        var (response, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/dialogs/{id}/messages", $"{{\"role\":\"user\",\"content\":\"x\",\"event\":{nested}}}", client: client);

        LimitsFixture.AssertProblem(response, problem, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        var (_, dialog) = await api.SendAsync(HttpMethod.Get, $"/api/v1/dialogs/{id}", client: client);
        Assert.Empty(dialog["messages"]!.AsArray());
    }

    private async Task FillAsync(string id, HttpClient client)
    {
        for (var i = 0; i < LimitsFixture.SmallCap; i++)
        {
            var (posted, dialog) = await PostAsync(id, client, $"m{i}");
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            ApiFixture.AssertValid("dialog", dialog);
        }
    }

    private Task<(HttpResponseMessage Response, System.Text.Json.Nodes.JsonObject Body)> PostAsync(string id, HttpClient client, string content)
        => api.SendAsync(HttpMethod.Post, $"/api/v1/dialogs/{id}/messages", new { role = "agent", content }, client: client);

    /// <summary>A dialog, and a client holding only the dialog capabilities in its context.</summary>
    private async Task<(string Id, HttpClient Client)> NewDialogAsync()
    {
        var (context, client) = await api.ContextAndClientAsync("dialog:write", "dialog:read");
        var (response, dialog) = await api.SendAsync(HttpMethod.Post, "/api/v1/dialogs", new { context_id = context }, client: client);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (dialog["dialog_id"]!.GetValue<string>(), client);
    }
}
