namespace Mplp.Benchmarks;

/// <summary>
/// The seed's load test (DESIGN.md section 7): each virtual user creates a context, then a plan in it.
/// </summary>
public sealed class ContextPlanScenario : IScenario
{
    public const string Name = "scenario";
    public const string ContextsPath = "/api/v1/contexts";
    public const string PlansPath = "/api/v1/plans";

    private const string CreateContext = "POST context";
    private const string CreatePlan = "POST plan";

    public static readonly byte[] ContextBody = ApiClient.Utf8("""{"title":"bench","root":{"domain":"ops","environment":"bench"},"status":"active"}""");

    public string Description => "POST /api/v1/contexts, then POST /api/v1/plans in that context";

    public IReadOnlyList<string> Kinds => [CreateContext, CreatePlan];

    public async Task PrepareAsync(ApiClient client, int connections, CancellationToken cancellationToken)
    {
        var context = await client.PostJsonAsync(ContextsPath, ContextBody, cancellationToken);
        var contextId = IdOf(context) ?? throw new BenchSetupException($"POST {ContextsPath} failed: {Describe(context)}");
        var plan = await client.PostJsonAsync(PlansPath, PlanBody(contextId), cancellationToken);
        if (!plan.IsSuccess)
        {
            throw new BenchSetupException($"POST {PlansPath} failed: {Describe(plan)}");
        }
    }

    public async Task RunOnceAsync(VirtualUser user, CancellationToken cancellationToken)
    {
        var context = await user.RecordAsync(CreateContext, user.Client.PostJsonAsync(ContextsPath, ContextBody, cancellationToken));
        if (IdOf(context) is { } contextId)
        {
            await user.RecordAsync(CreatePlan, user.Client.PostJsonAsync(PlansPath, PlanBody(contextId), cancellationToken));
        }
    }

    /// <summary>The new object's id, from the Location header (no need to parse the body).</summary>
    public static string? IdOf(ApiResult created)
        => created.IsSuccess && created.Location is { } location ? location[(location.LastIndexOf('/') + 1)..] : null;

    public static string Describe(ApiResult result)
        => result.Status == 0 ? result.ErrorBody ?? "no response" : $"HTTP {result.Status} {result.ErrorBody}";

    // The schema's plan_step_core requires step_id, description and status.
    private static byte[] PlanBody(string contextId) => ApiClient.Utf8($$"""
        {"context_id":"{{contextId}}","title":"bench plan","objective":"measure","status":"draft","steps":[{"step_id":"{{Guid.NewGuid()}}","description":"step 1","status":"pending"}]}
        """);
}
