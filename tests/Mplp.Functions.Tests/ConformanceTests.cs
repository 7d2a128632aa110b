using System.Net;
using System.Text.Json.Nodes;

namespace Mplp.Functions.Tests;

/// <summary>
/// Every official MPLP example of a module this instance serves is accepted by its collection and
/// read back with the same content, apart from the fields the server owns.
/// </summary>
public sealed class ConformanceTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    // The context first: the other examples live in the context with the same example id.
    public static TheoryData<string, string> Examples() => new()
    {
        { "context", "contexts" },
        { "plan", "plans" },
        { "extension", "extensions" },
        { "dialog", "dialogs" },
        { "collab", "collabs" },
        { "trace", "traces" },
        { "network", "networks" },
    };

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Examples))]
    public async Task Create_OfficialMinimalExample_IsReadBackUnchanged(string module, string collection)
    {
        await EnsureExampleContextAsync();
        var example = await ExampleAsync($"{module}.minimal.json");
        var id = example[$"{module}_id"]!.GetValue<string>();
        if (module != "context")
        {
            // Each example reuses one id; give the object a fresh one so it can sit beside the context.
            id = Guid.NewGuid().ToString();
            example[$"{module}_id"] = id;
        }

        var (created, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/{collection}", example.ToJsonString());
        var (read, stored) = await api.SendAsync(HttpMethod.Get, $"/api/v1/{collection}/{id}");

        // The context example may already be there: every theory row made sure of it first.
        Assert.True(created.StatusCode == HttpStatusCode.Created || (module == "context" && created.StatusCode == HttpStatusCode.Conflict), $"{module}: {created.StatusCode}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        ApiFixture.AssertValid(module, stored);
        Assert.True(JsonNode.DeepEquals(WithoutServerFields(example), WithoutServerFields(stored)), $"{example.ToJsonString()}\n{stored.ToJsonString()}");
    }

    private async Task EnsureExampleContextAsync()
    {
        var (response, _) = await api.SendAsync(HttpMethod.Post, "/api/v1/contexts", (await ExampleAsync("context.minimal.json")).ToJsonString());
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict);
    }

    private static async Task<JsonObject> ExampleAsync(string file)
    {
        var example = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Examples", file)))!.AsObject();
        example.Remove("$comment");
        return example;
    }

    /// <summary>What the server owns: meta, the top-level timestamps and a context's assigned trace.</summary>
    private static JsonObject WithoutServerFields(JsonObject mplpObject)
    {
        var copy = mplpObject.DeepClone().AsObject();
        foreach (var field in new[] { "meta", "created_at", "updated_at", "trace" })
        {
            copy.Remove(field);
        }

        return copy;
    }
}
