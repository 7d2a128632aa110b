using System.Net;
using System.Text.Json.Nodes;

namespace Mplp.Functions.Tests.Modules.Contexts;

/// <summary>Bad input gets a clear 4xx problem+json and changes nothing; nothing gets a 5xx.</summary>
public sealed class ContextBadInputTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Valid = """{"title":"demo","root":{"domain":"ops","environment":"dev"},"status":"draft"}""";

    public static TheoryData<string, string, HttpStatusCode, string> BadCreates() => new()
    {
        { "malformed JSON", """{"title":"demo",""", HttpStatusCode.BadRequest, "MALFORMED_JSON" },
        { "empty body", "", HttpStatusCode.BadRequest, "MALFORMED_JSON" },
        { "not an object", """["title"]""", HttpStatusCode.BadRequest, "MALFORMED_JSON" },
        { "duplicate property", """{"title":"a","title":"b","root":{"domain":"o","environment":"d"}}""", HttpStatusCode.BadRequest, "MALFORMED_JSON" },
        { "unknown field", """{"title":"demo","root":{"domain":"ops","environment":"dev"},"colour":"blue"}""", HttpStatusCode.BadRequest, "VALIDATION_FAILED" },
        { "wrong type", """{"title":42,"root":{"domain":"ops","environment":"dev"}}""", HttpStatusCode.BadRequest, "VALIDATION_FAILED" },
        { "missing root", """{"title":"demo"}""", HttpStatusCode.BadRequest, "VALIDATION_FAILED" },
        { "unknown status", """{"title":"demo","root":{"domain":"ops","environment":"dev"},"status":"done"}""", HttpStatusCode.BadRequest, "VALIDATION_FAILED" },
        { "final status on create", """{"title":"demo","root":{"domain":"ops","environment":"dev"},"status":"closed"}""", HttpStatusCode.BadRequest, "VALIDATION_FAILED" },
        { "upper-case id", """{"context_id":"550E8400-E29B-41D4-A716-446655440000","title":"demo","root":{"domain":"ops","environment":"dev"}}""", HttpStatusCode.BadRequest, "VALIDATION_FAILED" },
        { "not a v4 id", """{"context_id":"550e8400-e29b-11d4-a716-446655440000","title":"demo","root":{"domain":"ops","environment":"dev"}}""", HttpStatusCode.BadRequest, "VALIDATION_FAILED" },
        { "numeric id", """{"context_id":7,"title":"demo","root":{"domain":"ops","environment":"dev"}}""", HttpStatusCode.BadRequest, "VALIDATION_FAILED" },
        { "meta not an object", """{"meta":"x","title":"demo","root":{"domain":"ops","environment":"dev"}}""", HttpStatusCode.BadRequest, "VALIDATION_FAILED" },
        { "unknown meta field", """{"meta":{"owner":"me"},"title":"demo","root":{"domain":"ops","environment":"dev"}}""", HttpStatusCode.BadRequest, "VALIDATION_FAILED" },
        { "bad trace", """{"trace":{"trace_id":"x"},"title":"demo","root":{"domain":"ops","environment":"dev"}}""", HttpStatusCode.BadRequest, "VALIDATION_FAILED" },
        { "number beyond PostgreSQL numeric", """{"title":"demo","root":{"domain":"ops","environment":"dev"},"constraints":{"budget":1e999999}}""", HttpStatusCode.BadRequest, "VALIDATION_FAILED" },
        { "NUL character", """{"title":"de\u0000mo","root":{"domain":"ops","environment":"dev"}}""", HttpStatusCode.BadRequest, "VALIDATION_FAILED" },
        { "lone surrogate", """{"title":"\ud800","root":{"domain":"ops","environment":"dev"}}""", HttpStatusCode.BadRequest, "MALFORMED_JSON" },
        { "deep nesting", new string('[', 5000) + new string(']', 5000), HttpStatusCode.BadRequest, "MALFORMED_JSON" },
    };

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(BadCreates))]
    public async Task Create_BadBody_ReturnsProblemAndStoresNothing(string what, string body, HttpStatusCode expected, string code)
    {
        var before = await CountAsync();

        var (response, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/contexts", body);

        Assert.True(expected == response.StatusCode, $"{what}: {(int)response.StatusCode} {problem.ToJsonString()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(code, problem["code"]!.GetValue<string>());
        Assert.Equal(before, await CountAsync());
    }

    [Fact(Timeout = 30_000)]
    public async Task Create_ValidationProblem_NamesEveryFailingPath()
    {
        var (_, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/contexts", """{"title":"","root":{"domain":1,"environment":"dev"},"colour":"blue"}""");

        var paths = problem["errors"]!.AsArray().Select(e => e!["path"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(new HashSet<string> { "/title", "/root/domain", "/colour" }, paths);
    }

    [Fact(Timeout = 30_000)]
    public async Task Create_HugeBody_Returns413()
    {
        var before = await CountAsync();
        var huge = Valid.Replace("\"demo\"", $"\"{new string('x', 2 * 1024 * 1024)}\"", StringComparison.Ordinal);

        var (response, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/contexts", huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("PAYLOAD_TOO_LARGE", problem["code"]!.GetValue<string>());
        Assert.Equal(before, await CountAsync());
    }

    [Fact(Timeout = 30_000)]
    public async Task Create_WrongContentType_Returns415()
    {
        using var content = new StringContent(Valid, System.Text.Encoding.UTF8, "text/plain");

        using var response = await api.Client.PostAsync(new Uri("/api/v1/contexts", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("not-a-uuid")]
    [InlineData("550E8400-E29B-41D4-A716-446655440000")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task ItemRoutes_BadId_Return404Problem(string id)
    {
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Patch, HttpMethod.Delete })
        {
            var (response, problem) = await api.SendAsync(method, $"/api/v1/contexts/{id}", method == HttpMethod.Patch ? """{"title":"x"}""" : null);

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("CONTEXT_NOT_FOUND", problem["code"]!.GetValue<string>());
        }
    }

    public static TheoryData<string, string> BadPatches() => new()
    {
        { "malformed JSON", "{" },
        { "wrong type", """{"title":false}""" },
        { "unknown field", """{"colour":"blue"}""" },
        { "remove required", """{"root":null}""" },
        { "change id", $$"""{"context_id":"{{Guid.NewGuid()}}"}""" },
        { "change trace", $$$"""{"trace":{"trace_id":"{{{Guid.NewGuid()}}}","span_id":"{{{Guid.NewGuid()}}}"}}""" },
        { "unknown status", """{"status":"done"}""" },
    };

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(BadPatches))]
    public async Task Patch_BadBody_Returns400AndChangesNothing(string what, string patch)
    {
        var (_, created) = await api.SendAsync(HttpMethod.Post, "/api/v1/contexts", Valid);
        var id = created["context_id"]!.GetValue<string>();

        var (response, problem) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/contexts/{id}", patch);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode} {problem.ToJsonString()}");
        var (get, stored) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{id}");
        Assert.Equal("\"1\"", get.Headers.ETag!.Tag);
        Assert.True(JsonNode.DeepEquals(created, stored));
    }

    [Theory(Timeout = 30_000)]
    [InlineData("limit=0")]
    [InlineData("limit=201")]
    [InlineData("limit=ten")]
    [InlineData("cursor=forged")]
    [InlineData("status=done")]
    [InlineData("context_id=nope")]
    [InlineData("limit=1&limit=2")]
    public async Task List_BadQuery_Returns400Problem(string query)
    {
        var (response, problem) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_QUERY_PARAMETER", problem["code"]!.GetValue<string>());
    }

    private async Task<int> CountAsync()
    {
        var count = 0;
        string? cursor = null;
        do
        {
            var (_, page) = await api.SendAsync(HttpMethod.Get, "/api/v1/contexts?limit=200" + (cursor is null ? "" : $"&cursor={cursor}"));
            count += page["items"]!.AsArray().Count;
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        return count;
    }
}
