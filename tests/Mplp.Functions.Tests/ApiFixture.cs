using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Mplp.Core.Protocol;
using Mplp.Testing;

namespace Mplp.Functions.Tests;

/// <summary>
/// The API as users get it: the dev host process serving the Functions app, over a database and an
/// event table that belong to one test class.
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    private static readonly MplpSchemas Schemas = MplpSchemas.Load();
    private readonly TestDatabase _database = new();
    private DevHostProcess? _host;
    private Dictionary<string, string> _settings = [];
    private readonly ConcurrentDictionary<string, Task<string>> _namedRoles = new(StringComparer.Ordinal);

    public string EventTable { get; } = TestEnvironment.UniqueName("events");

    /// <summary>The Durable task hub of this class's host: hosts running at once must not share one.</summary>
    public string HubName { get; } = TestEnvironment.UniqueName("hub");

    /// <summary>This host's agent results queue, so hosts running at once do not take each other's results.</summary>
    public string ResultsQueue { get; } = TestEnvironment.UniqueName("results-");

    /// <summary>The host's signing key and its tokens; <see cref="Client"/> calls as <see cref="TestTokens.Admin"/>.</summary>
    public TestTokens Tokens { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    /// <summary>This class's database, for a test that must put in what no request can (a row storage refuses).</summary>
    public string DatabaseConnectionString => _database.ConnectionString;

    /// <summary>What the dev host wrote so far, for a failing test's message.</summary>
    public string HostOutput => _host?.Output ?? "";

    /// <summary>Settings a derived fixture adds for the tests that need them.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> ExtraSettings => [];

    /// <summary>What this class's host was started with, for a second host over the same database.</summary>
    protected IReadOnlyDictionary<string, string> HostSettings => _settings;

    public virtual async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _settings = new Dictionary<string, string>
        {
            [TestEnvironment.PostgresVariable] = _database.ConnectionString,
            ["AzureWebJobsStorage"] = TestEnvironment.StorageConnectionString,
            ["Mplp__Storage__ConnectionString"] = TestEnvironment.StorageConnectionString,
            ["Mplp__EventLog__TableName"] = EventTable,
            ["Mplp__EventLog__PollInterval"] = "00:00:00.200",
            ["DevHost__HubName"] = HubName,
            // A restarted host resumes its orchestrations at once only under the same worker id.
            ["DevHost__WorkerId"] = HubName,
            ["Mplp__Agents__ResultsQueue"] = ResultsQueue,
        }.Concat(Tokens.HostSettings).Concat(ExtraSettings).ToDictionary();
        _host = await DevHostProcess.StartAsync(_settings, CancellationToken.None);
        Client = NewClient(Tokens.For(TestTokens.Admin));
    }

    /// <summary>Kills the dev host (as a crash would: no graceful stop) and starts it again over the same database, hub and queues.</summary>
    public async Task KillAndRestartHostAsync(Func<Task>? whileDown = null)
    {
        await _host!.DisposeAsync();
        if (whileDown is not null)
        {
            await whileDown();
        }

        _host = await DevHostProcess.StartAsync(_settings, CancellationToken.None);
        Client.Dispose();
        Client = NewClient(Tokens.For(TestTokens.Admin));
    }

    /// <summary>A client that sends <paramref name="bearerToken"/>, or no credentials at all.</summary>
    public HttpClient NewClient(string? bearerToken)
    {
        var client = new HttpClient { BaseAddress = _host!.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (bearerToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return client;
    }

    public virtual async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _database.DisposeAsync();
        // Azurite keeps every table in one file it rewrites as it persists: leave nothing behind.
        await new TableClient(TestEnvironment.StorageConnectionString, EventTable).DeleteAsync();
        await TestStorage.DeletePrefixedAsync(HubName);
        await TestStorage.DeletePrefixedAsync(ResultsQueue);
    }

    /// <summary>Every object the API returns must be an official MPLP object.</summary>
    public static void AssertValid(string module, JsonObject mplpObject)
    {
        var errors = Schemas.ValidateModuleObject(module, JsonSerializer.SerializeToElement(mplpObject));
        Assert.True(errors.Count == 0, $"{module} is not a valid MPLP object: {string.Join("; ", errors)}\n{mplpObject.ToJsonString()}");
    }

    /// <summary>The event types in a trace's event log partition, waiting for the outbox dispatcher.</summary>
    public async Task<IReadOnlyList<string>> EventTypesAsync(string traceId, int atLeast, CancellationToken cancellationToken)
    {
        var table = new TableClient(TestEnvironment.StorageConnectionString, EventTable);
        while (true)
        {
            var types = new List<string>();
            try
            {
                await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == traceId, cancellationToken: cancellationToken))
                {
                    types.Add(entity.GetString("EventType"));
                }
            }
            catch (Azure.RequestFailedException e) when (e.Status == 404)
            {
                // The table appears with the first dispatched event.
            }

            if (types.Count >= atLeast)
            {
                return types;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Creates an active context and returns its id: most objects need one to live in.</summary>
    public async Task<string> NewContextAsync()
    {
        var (response, context) = await SendAsync(HttpMethod.Post, "/api/v1/contexts", new { title = "t", root = new { domain = "d", environment = "e" }, status = "active" });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return context["context_id"]!.GetValue<string>();
    }

    /// <summary>
    /// A client for a new principal holding a new role with <paramref name="capabilities"/>,
    /// everywhere or only within <paramref name="contextId"/>; the role is named
    /// <paramref name="roleName"/> (an agent's role) or after the principal.
    /// </summary>
    public async Task<HttpClient> ClientHoldingAsync(IEnumerable<string> capabilities, string? contextId = null, string? roleName = null)
    {
        var principal = TestEnvironment.UniqueName("principal");
        // Role names are unique: a named role is made once per fixture (with the capabilities first asked for) and shared.
        var roleId = roleName is null
            ? await NewRoleAsync(principal, capabilities)
            : await _namedRoles.GetOrAdd(roleName, name => NewRoleAsync(name, capabilities));
        var (assigned, _) = await SendAsync(HttpMethod.Post, $"/api/v1/roles/{roleId}/assignments", new { principal, context_id = contextId });
        Assert.Equal(System.Net.HttpStatusCode.Created, assigned.StatusCode);
        return NewClient(Tokens.For(principal));
    }

    private async Task<string> NewRoleAsync(string name, IEnumerable<string> capabilities)
    {
        var (created, role) = await SendAsync(HttpMethod.Post, "/api/v1/roles", new { name, capabilities });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        return role["role_id"]!.GetValue<string>();
    }

    /// <summary>The principal a client made by <see cref="ClientHoldingAsync"/> (or given a token of <see cref="Tokens"/>) calls as.</summary>
    public static string PrincipalOf(HttpClient client)
    {
        var payload = client.DefaultRequestHeaders.Authorization!.Parameter!.Split('.')[1];
        var json = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(payload));
        return JsonNode.Parse(json)!["sub"]!.GetValue<string>();
    }

    public async Task<(HttpResponseMessage Response, JsonObject Body)> SendAsync(HttpMethod method, string path, object? body = null, string? ifMatch = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is string raw)
        {
            request.Content = new StringContent(raw, System.Text.Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        var response = await (client ?? Client).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject();
        return (response, json);
    }
}
