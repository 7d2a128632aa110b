using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;

namespace Mplp.Functions.Tests.Events;

/// <summary>
/// Hostile and conflicting writes at once, as a fuzzer sends them: mutated official examples
/// (values jsonb refuses, ids taken) beside valid ones and racing patches of one context. No answer
/// may be a 5xx, and what the answers said must be what the database holds.
/// </summary>
public sealed class EventedWritesStressTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(60);
    private const int Workers = 4;

    [Fact(Timeout = 240_000)]
    public async Task Writes_HostileAndConflictingAtOnce_NeverAnswer5xxAndStateMatchesTheAnswers()
    {
        var role = await ExampleAsync("role.minimal.json");
        var context = await ExampleAsync("context.minimal.json");
        var contested = await api.NewContextAsync();
        var failures = new ConcurrentQueue<string>();
        var roles = new ConcurrentDictionary<string, HttpStatusCode>();
        var patched = 0;
        var deadline = DateTime.UtcNow + Duration;

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            while (DateTime.UtcNow < deadline && failures.Count < 5)
            {
                var hostile = random.Next(3) == 0;
                var (method, path, body) = random.Next(4) switch
                {
                    0 => (HttpMethod.Post, "/api/v1/roles", Mutated(role, "role_id", "name", hostile, freshId: random.Next(4) != 0)),
                    1 => (HttpMethod.Post, "/api/v1/contexts", Mutated(context, "context_id", "title", hostile, freshId: random.Next(4) != 0)),
                    _ => (HttpMethod.Patch, $"/api/v1/contexts/{contested}", new JsonObject { ["title"] = hostile ? "t\0" : Guid.NewGuid().ToString() }),
                };
                var (response, answer) = await api.SendAsync(method, path, body.ToJsonString());
                var status = response.StatusCode;
                if ((int)status >= 500)
                {
                    failures.Enqueue($"{method} {path}: {(int)status} {answer.ToJsonString()}");
                }
                else if (path == "/api/v1/roles" && body["role_id"]!.GetValue<string>() != role["role_id"]!.GetValue<string>())
                {
                    roles[body["role_id"]!.GetValue<string>()] = status;
                }
                else if (method == HttpMethod.Patch && status == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref patched);
                }
            }
        })));

        Assert.True(failures.IsEmpty, string.Join('\n', [.. failures, .. api.HostOutput.Split('\n').Where(l => l.Contains("Exception", StringComparison.Ordinal)).Take(5)]));
        Assert.True(roles.Count > 50, $"only {roles.Count} role writes in {Duration}");
        foreach (var (id, status) in roles)
        {
            var (read, _) = await api.SendAsync(HttpMethod.Get, $"/api/v1/roles/{id}");
            Assert.Equal(status == HttpStatusCode.Created ? HttpStatusCode.OK : HttpStatusCode.NotFound, read.StatusCode);
        }

        // Every 200 changed the title, so the version counts them: none lost, none written twice.
        var (got, stored) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{contested}");
        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        Assert.Equal($"\"{1 + patched}\"", got.Headers.ETag?.ToString());
        ApiFixture.AssertValid("context", stored);
    }

    /// <summary>The example with a fresh id (or its own, which a previous write may hold) and, if hostile, a NUL jsonb refuses.</summary>
    private static JsonObject Mutated(JsonObject example, string idField, string textField, bool hostile, bool freshId)
    {
        var copy = example.DeepClone().AsObject();
        if (freshId)
        {
            copy[idField] = Guid.NewGuid().ToString();
        }

        if (hostile)
        {
            copy[textField] = $"{copy[textField]}\0";
        }

        return copy;
    }

    private static async Task<JsonObject> ExampleAsync(string file)
    {
        var example = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Examples", file)))!.AsObject();
        example.Remove("$comment");
        return example;
    }
}
