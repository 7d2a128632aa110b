namespace Mplp.Benchmarks;

/// <summary>Reads: GET /api/v1/contexts/{id} of a set of contexts created beforehand, ids drawn at random.</summary>
public sealed class GetScenario : IScenario
{
    public const string Name = "get";

    /// <summary>Large enough that reads do not hit one hot row, small enough to create in a second or two.</summary>
    public const int ContextCount = 1000;

    private const string GetContext = "GET context";

    private string[] _paths = [];

    public string Description => $"GET /api/v1/contexts/{{id}}, ids at random from {ContextCount} contexts created beforehand";

    public IReadOnlyList<string> Kinds => [GetContext];

    public async Task PrepareAsync(ApiClient client, int connections, CancellationToken cancellationToken)
    {
        var paths = new string[ContextCount];
        await Parallel.ForAsync(0, ContextCount, new ParallelOptions { MaxDegreeOfParallelism = connections, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var created = await client.PostJsonAsync(ContextPlanScenario.ContextsPath, ContextPlanScenario.ContextBody, ct);
            var id = ContextPlanScenario.IdOf(created)
                ?? throw new BenchSetupException($"creating the contexts to read failed: {ContextPlanScenario.Describe(created)}");
            paths[i] = $"{ContextPlanScenario.ContextsPath}/{id}";
        });
        _paths = paths;
    }

    public async Task RunOnceAsync(VirtualUser user, CancellationToken cancellationToken)
        => await user.RecordAsync(GetContext, user.Client.GetAsync(_paths[user.Random.Next(_paths.Length)], cancellationToken));
}
