using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Mplp.Core.Agents;
using Mplp.Core.Modules.Plans;
using Mplp.Orchestrations.PlanExecution;

namespace Mplp.Orchestrations.Tests.PlanExecution;

/// <summary>
/// The real <see cref="PlanExecutionOrchestrator"/> on the in-memory Durable backend, with activities
/// that keep the plan in memory and an agent the test scripts: <see cref="Answer"/> says, per work
/// item, what result to send (null: stay silent).
/// </summary>
internal sealed class PlanExecutionHarness : IAsyncDisposable
{
    private readonly DurableTaskTestHost _host;
    private readonly ConcurrentDictionary<Guid, string> _status = new();
    private readonly IReadOnlyList<PlanStep> _steps;
    private int _outstanding;

    private PlanExecutionHarness(DurableTaskTestHost host, IReadOnlyList<PlanStep> steps, Func<DispatchRequest, string?> answer)
    {
        _host = host;
        _steps = steps;
        Answer = answer;
        foreach (var step in steps)
        {
            _status[step.StepId] = PlanSchedule.Pending;
        }
    }

    public Guid PlanId { get; } = Guid.NewGuid();

    public Func<DispatchRequest, string?> Answer { get; set; }

    /// <summary>Every dispatched attempt, in order.</summary>
    public ConcurrentQueue<DispatchRequest> Dispatched { get; } = new();

    /// <summary>The most attempts that were waiting for their result at once.</summary>
    public int MostOutstanding { get; private set; }

    public bool AnswerTwice { get; set; }

    public string? PlanStatus { get; private set; }

    public IReadOnlyDictionary<Guid, string> StepStatus => _status;

    public DurableTaskClient Client => _host.Client;

    public static async Task<PlanExecutionHarness> StartAsync(IReadOnlyList<PlanStep> steps, Func<DispatchRequest, string?> answer)
    {
        PlanExecutionHarness? harness = null;
        var host = await DurableTaskTestHost.StartAsync(tasks =>
        {
            tasks.AddOrchestratorFunc<PlanExecutionInput, PlanExecutionState>(PlanExecutionOrchestrator.Name, (context, _) => PlanExecutionOrchestrator.RunAsync(context));
            tasks.AddActivityFunc<StartRequest, PlanRun>(PlanExecutionActivities.Start, (_, request) => harness!.Run(request.PlanId));
            tasks.AddActivityFunc<DispatchRequest>(PlanExecutionActivities.Dispatch, (_, request) => harness!.DispatchAsync(request));
            tasks.AddActivityFunc<PlanProgress>(PlanExecutionActivities.Record, (_, progress) => harness!.Record(progress));
        });
        harness = new PlanExecutionHarness(host, steps, answer);
        return harness;
    }

    public async Task<PlanExecutionState> ExecuteAsync(int maxParallel = 4, TimeSpan? stepTimeout = null, int maxAttempts = 3, Action? whileRunning = null)
    {
        var instanceId = PlanExecutionOrchestrator.InstanceIdOf(PlanId);
        await Client.ScheduleNewOrchestrationInstanceAsync(PlanExecutionOrchestrator.Name,
            new PlanExecutionInput(PlanId, maxParallel, stepTimeout ?? TimeSpan.FromSeconds(30), maxAttempts), new StartOrchestrationOptions(instanceId));
        whileRunning?.Invoke();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        return done.ReadOutputAs<PlanExecutionState>()!;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    public static PlanStep Step(int order, string role = "builder", params PlanStep[] after)
        => new(Guid.NewGuid(), [.. after.Select(s => s.StepId)], order, order, role, $"step {order}");

    private PlanRun Run(Guid planId) => new(planId, Guid.NewGuid(), _steps, new Dictionary<Guid, string>(_status));

    private async Task DispatchAsync(DispatchRequest request)
    {
        Dispatched.Enqueue(request);
        _status[request.Step.StepId] = PlanSchedule.InProgress;
        MostOutstanding = Math.Max(MostOutstanding, Interlocked.Increment(ref _outstanding));
        if (Answer(request) is not { } status)
        {
            Interlocked.Decrement(ref _outstanding);  // a silent attempt ends with its deadline
            return;
        }

        var result = new AgentResult(AgentProtocol.Version, request.WorkId, request.ExecutionId, status, JsonSerializer.SerializeToElement(request.Step.Description), null);
        // Answer after the dispatch activity has returned, as a real agent would.
        _ = Task.Run(async () =>
        {
            await Task.Delay(50);
            Interlocked.Decrement(ref _outstanding);
            for (var i = 0; i < (AnswerTwice ? 2 : 1); i++)
            {
                await Client.RaiseEventAsync(request.ExecutionId, request.WorkId.ToString(), result);
            }
        });
    }

    private void Record(PlanProgress progress)
    {
        foreach (var (step, status) in progress.Steps)
        {
            _status[step] = status;
        }

        PlanStatus = progress.PlanStatus ?? PlanStatus;
    }
}
