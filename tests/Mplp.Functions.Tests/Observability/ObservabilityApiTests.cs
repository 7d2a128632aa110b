using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mplp.Core.Agents;
using Mplp.Functions.Observability;
using Mplp.Functions.Tests.Execution;
using Mplp.Functions.Tests.Modules.Confirms;

namespace Mplp.Functions.Tests.Observability;

/// <summary>
/// What an operator sees, through the dev host: the seed's metrics on <c>/metrics</c> after real
/// requests, and a request's W3C trace followed into the MPLP objects and events it causes, through
/// the plan execution's orchestration, the agent's work items and its results.
/// </summary>
public sealed partial class ObservabilityApiTests(ObservabilityFixture api) : IClassFixture<ObservabilityFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task Metrics_AfterRequests_ExposeTheSeedNamesWithTheirLabels()
    {
        await api.NewContextAsync();
        using var anonymous = api.NewClient(bearerToken: null);
        using var stranger = await api.ClientHoldingAsync(["dialog:read"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.SendAsync(HttpMethod.Get, "/api/v1/contexts", client: anonymous)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.SendAsync(HttpMethod.Get, "/api/v1/contexts", client: stranger)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Get, "/health")).Response.StatusCode);

        var (response, metrics) = await ScrapeAsync();

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.True(metrics.Value("""mplp_http_requests_total{handler="Contexts_Create",method="POST",status="201"}""") >= 1);
        Assert.True(metrics.Value("""mplp_http_requests_total{handler="Contexts_List",method="GET",status="401"}""") >= 1);
        Assert.True(metrics.Value("""mplp_http_requests_total{handler="Contexts_List",method="GET",status="403"}""") >= 1);
        Assert.True(metrics.Value("""mplp_http_requests_total{handler="Health",method="GET",status="200"}""") >= 1);
        Assert.True(metrics.Value("""mplp_auth_failures_total{handler="Contexts_List"}""") >= 1);
        Assert.True(metrics.Value("""mplp_rbac_violations_total{handler="Contexts_List"}""") >= 1);
        Assert.True(metrics.Value("""mplp_context_operations_total{handler="Contexts_Create",status="201"}""") >= 1);
        Assert.True(metrics.Value("""mplp_role_operations_total{handler="Roles_Create",status="201"}""") >= 1);
        var created = metrics.Value("""mplp_http_request_duration_seconds_count{handler="Contexts_Create",method="POST"}""");
        Assert.True(created >= 1);
        Assert.Equal(created, metrics.Value("""mplp_http_request_duration_seconds_bucket{handler="Contexts_Create",method="POST",le="+Inf"}"""));
        Assert.True(metrics.Value("""mplp_http_request_duration_seconds_sum{handler="Contexts_Create",method="POST"}""") > 0);
        Assert.True(metrics.Value("mplp_contexts_active_total") >= 1);
        Assert.True(metrics.Value("mplp_trace_events_total") >= 3);
        Assert.Equal(100, metrics.Value("mplp_database_connections_max"));
        Assert.InRange(metrics.Value("mplp_database_connections_active"), 0, 100);
        Assert.True(metrics.Samples.ContainsKey("mplp_plans_running_total"));
        Assert.Equal("counter", metrics.Types["mplp_http_requests_total"]);
        Assert.Equal("histogram", metrics.Types["mplp_http_request_duration_seconds"]);
        Assert.Equal("gauge", metrics.Types["mplp_contexts_active_total"]);
        Assert.Equal("gauge", metrics.Types["mplp_database_connections_active"]);
    }

    /// <summary>Every HTTP function, entity or not, is counted under its name: each operation of the OpenAPI document (held to functions.metadata by its own tests), called once.</summary>
    [Fact(Timeout = 120_000)]
    public async Task Metrics_EveryHttpFunction_IsCountedUnderItsName()
    {
        using var anonymous = api.NewClient(bearerToken: null);
        var document = JsonNode.Parse(await anonymous.GetStringAsync(new Uri("/api/v1/openapi.json", UriKind.Relative)))!;
        var functions = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                functions.Add(operation!["operationId"]!.GetValue<string>());
                // Any id will do, and no credentials: the answer (401, 404, ...) is counted all the same.
                using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), PathParameter().Replace(path, _ => Guid.NewGuid().ToString()));
                using var response = await anonymous.SendAsync(request);
            }
        }

        var (_, metrics) = await ScrapeAsync();

        var counted = metrics.Samples.Keys.Where(s => s.StartsWith("mplp_http_requests_total{", StringComparison.Ordinal)).ToList();
        Assert.True(functions.Count > 60, $"only {functions.Count} operations in the document");
        Assert.All(functions, f => Assert.Contains(counted, s => s.Contains($"handler=\"{f}\"", StringComparison.Ordinal)));
        Assert.DoesNotContain(counted, s => s.Contains($"handler=\"{HttpTelemetry.UnknownHandler}\"", StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task Request_WithTraceparent_ItsTraceIsInTheResponseTheObjectAndTheEvent()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/contexts")
        {
            Content = JsonContent(new JsonObject { ["title"] = "traced", ["root"] = new JsonObject { ["domain"] = "d", ["environment"] = "e" }, ["status"] = "active" }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var response = await api.Client.SendAsync(request);
        var context = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        var answered = ActivityContext.Parse(Assert.Single(response.Headers.GetValues("traceparent")), null);
        var created = (await EventsAsync(context["context_id"]!.GetValue<string>(), e => e["event_type"]?.GetValue<string>() == "context.created")).Single();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(traceId, answered.TraceId.ToHexString());
        Assert.Equal(traceId, context["trace"]!["attributes"]!["otel"]!["trace_id"]!.GetValue<string>());
        Assert.Equal(traceId, created["data"]!["otel"]!["trace_id"]!.GetValue<string>());
        Assert.Equal(answered.SpanId.ToHexString(), created["data"]!["otel"]!["span_id"]!.GetValue<string>());
        ApiFixture.AssertValid("context", context);
    }

    [Fact(Timeout = 60_000)]
    public async Task Request_WithoutTraceparent_StartsATraceAndAnswersWithIt()
    {
        var (response, _) = await api.SendAsync(HttpMethod.Get, "/api/v1/contexts?limit=1");
        var (again, _) = await api.SendAsync(HttpMethod.Get, "/api/v1/contexts?limit=1");

        var first = ActivityContext.Parse(Assert.Single(response.Headers.GetValues("traceparent")), null);
        var second = ActivityContext.Parse(Assert.Single(again.Headers.GetValues("traceparent")), null);
        Assert.NotEqual(first.TraceId, second.TraceId);
    }

    [Fact(Timeout = 120_000)]
    public async Task PlanExecution_FollowsTheRequestsTrace_ThroughTheAgentAndBack()
    {
        var role = "obs-" + Guid.NewGuid().ToString("N")[..8];
        var context = await api.NewContextAsync();
        var (_, plan) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", new JsonObject
        {
            ["context_id"] = context,
            ["title"] = "traced",
            ["objective"] = "follow it",
            ["status"] = "proposed",
            ["steps"] = new JsonArray(new JsonObject { ["step_id"] = Guid.NewGuid().ToString(), ["description"] = "build", ["agent_role"] = role }),
        });
        var planId = plan["plan_id"]!.GetValue<string>();
        var (_, confirm) = await api.SendAsync(HttpMethod.Post, "/api/v1/confirms", new { target_type = "plan", target_id = planId, requested_by_role = "planner" });
        using var lead = await api.ReviewerAsync();
        await api.DecideAsync(lead, confirm["confirm_id"]!.GetValue<string>());
        await using var agent = new TestAgent([role], _ => AgentResult.Completed);
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var execute = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/plans/{planId}/execute");
        execute.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var accepted = await api.Client.SendAsync(execute);
        var completed = await EventsAsync(context, e => e["event_type"]?.GetValue<string>() == "step.completed");
        await EventsAsync(context, e => e["event_type"]?.GetValue<string>() == "plan.updated" && e["data"]?["status_to"]?.GetValue<string>() == "completed");
        var (_, metrics) = await ScrapeAsync();

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var work = Assert.Single(agent.Received);
        Assert.Equal(traceId, ActivityContext.Parse(work.TraceParent!, null).TraceId.ToHexString());
        Assert.Equal(traceId, Assert.Single(completed)["data"]!["otel"]!["trace_id"]!.GetValue<string>());
        Assert.True(metrics.Value("""mplp_plan_executions_total{status="completed"}""") >= 1);
        Assert.True(metrics.Value("""mplp_approval_processing_time_count{status="approved"}""") >= 1);
        Assert.True(metrics.Value("""mplp_plan_operations_total{handler="Plans_Execute",status="202"}""") >= 1);
        Assert.True(metrics.Value("""mplp_confirm_operations_total{handler="Confirms_Decide",status="200"}""") >= 1);
    }

    private async Task<(HttpResponseMessage Response, PrometheusSeries Metrics)> ScrapeAsync()
    {
        using var anonymous = api.NewClient(bearerToken: null);
        var response = await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response, PrometheusSeries.Parse(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>The context's events that <paramref name="match"/>, once the dispatcher has moved at least one to the log.</summary>
    private async Task<List<JsonObject>> EventsAsync(string contextId, Func<JsonObject, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var (_, page) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{contextId}/events?limit=200");
            var found = page["items"]?.AsArray().Select(e => e!.AsObject()).Where(match).ToList() ?? [];
            if (found.Count > 0)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no matching event in the log of context {contextId}: {page.ToJsonString()}");
            await Task.Delay(200);
        }
    }

    private static StringContent JsonContent(JsonObject body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex PathParameter();
}
