using System.Net;

namespace Mplp.Functions.Tests.Modules.Dialogs;

public sealed class DialogApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact(Timeout = 30_000)]
    public async Task Messages_AppendedThenPaged_InOrder()
    {
        var id = await NewDialogAsync();
        for (var i = 0; i < 5; i++)
        {
            var (posted, dialog) = await api.SendAsync(HttpMethod.Post, $"/api/v1/dialogs/{id}/messages", new { role = "agent", content = $"m{i}" });
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            ApiFixture.AssertValid("dialog", dialog);
        }

        var contents = new List<string>();
        string? cursor = null;
        do
        {
            var (_, page) = await api.SendAsync(HttpMethod.Get, $"/api/v1/dialogs/{id}/messages?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            contents.AddRange(page["items"]!.AsArray().Select(m => m!["content"]!.GetValue<string>()));
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], contents);
    }

    [Fact(Timeout = 30_000)]
    public async Task PostMessage_BadRole_Returns400AndAddsNothing()
    {
        var id = await NewDialogAsync();

        var (response, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/dialogs/{id}/messages", new { role = "robot", content = "hi" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("VALIDATION_FAILED", problem["code"]!.GetValue<string>());
        var (_, dialog) = await api.SendAsync(HttpMethod.Get, $"/api/v1/dialogs/{id}");
        Assert.Empty(dialog["messages"]!.AsArray());
    }

    [Fact(Timeout = 30_000)]
    public async Task PostMessage_CompletedDialog_Returns409()
    {
        var id = await NewDialogAsync();
        await api.SendAsync(HttpMethod.Patch, $"/api/v1/dialogs/{id}", new { status = "completed" });

        var (response, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/dialogs/{id}/messages", new { role = "user", content = "late" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("READ_ONLY_STATE", problem["code"]!.GetValue<string>());
    }

    private async Task<string> NewDialogAsync()
    {
        var (response, dialog) = await api.SendAsync(HttpMethod.Post, "/api/v1/dialogs", new { context_id = await api.NewContextAsync() });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        ApiFixture.AssertValid("dialog", dialog);
        return dialog["dialog_id"]!.GetValue<string>();
    }
}
