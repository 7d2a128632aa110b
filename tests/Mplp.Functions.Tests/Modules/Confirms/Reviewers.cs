using System.Net;
using System.Text.Json.Nodes;
using Mplp.Testing;

namespace Mplp.Functions.Tests.Modules.Confirms;

/// <summary>A principal who decides as <see cref="Role"/>, the one role it holds (named like the principal).</summary>
public sealed record Reviewer(HttpClient Client, string Role) : IDisposable
{
    public string Principal => Role;

    public void Dispose() => Client.Dispose();
}

/// <summary>Decisions need someone other than the admin who made the plan and the confirm (four eyes).</summary>
public static class Reviewers
{
    /// <summary>A new principal holding a new role with <paramref name="capabilities"/> (default confirm:decide), everywhere or in one context.</summary>
    public static async Task<Reviewer> ReviewerAsync(this ApiFixture api, string? contextId = null, params string[] capabilities)
    {
        var name = TestEnvironment.UniqueName("reviewer-");
        var (created, role) = await api.SendAsync(HttpMethod.Post, "/api/v1/roles", new { name, capabilities = capabilities.Length == 0 ? ["confirm:decide"] : capabilities });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var (assigned, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{role["role_id"]}/assignments", new { principal = name, context_id = contextId });
        Assert.Equal(HttpStatusCode.Created, assigned.StatusCode);
        return new Reviewer(api.NewClient(api.Tokens.For(name)), name);
    }

    /// <summary>The reviewer decides on the confirm in the name of its role.</summary>
    public static Task<(HttpResponseMessage Response, JsonObject Body)> DecideAsync(this ApiFixture api, Reviewer reviewer, string confirmId, string status = "approved")
        => api.SendAsync(HttpMethod.Post, $"/api/v1/confirms/{confirmId}/decisions", new { status, decided_by_role = reviewer.Role, reason = "r" }, client: reviewer.Client);

    /// <summary>Polls <paramref name="path"/> until its status is <paramref name="status"/> (45 s at most).</summary>
    public static async Task<JsonObject> StatusAsync(this ApiFixture api, string path, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (true)
        {
            var (_, body) = await api.SendAsync(HttpMethod.Get, path);
            // A problem's status is a number: not there yet.
            if (body["status"] is JsonValue value && value.TryGetValue<string>(out var current) && current == status)
            {
                return body;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{path} did not become {status}: {body.ToJsonString()}\n{string.Join("\n", api.HostOutput.Split('\n').Where(l => l.Contains("fail", StringComparison.OrdinalIgnoreCase) || l.Contains("ConfirmApproval", StringComparison.Ordinal)).TakeLast(30))}");
            await Task.Delay(200);
        }
    }
}
