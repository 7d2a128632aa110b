using System.Diagnostics;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Mplp.Core.Agents;

namespace Mplp.ReferenceAgent;

/// <summary>What the agent does with a step: run <see cref="Command"/> through <c>/bin/sh -c</c>, or echo the step when there is none.</summary>
public sealed record AgentSettings(IReadOnlyList<string> Roles, QueueServiceClient Queues, string? Command, TimeSpan PollInterval);

/// <summary>
/// Takes work items from the work queues of its roles, one at a time, and answers each on the
/// queue it names. A command gets the work in environment variables (<c>MPLP_WORK_KIND</c>,
/// <c>MPLP_STEP_DESCRIPTION</c>, <c>MPLP_STEP_ID</c>, <c>MPLP_PLAN_ID</c>, <c>MPLP_COLLAB_ID</c>,
/// <c>MPLP_PARTICIPANT_ID</c>, <c>MPLP_ATTEMPT</c>, <c>MPLP_WORK_ID</c>); exit code 0 is
/// <c>completed</c> with its standard output, anything else <c>failed</c> with its standard error.
/// Work past its deadline is dropped (nobody waits for it); a message that is not a work item goes
/// to the queue's poison queue. Each work item is a span continuing the item's <c>traceparent</c>;
/// the command gets it as <c>TRACEPARENT</c> and the result carries it back.
/// </summary>
public sealed class ReferenceAgent(AgentSettings settings, TextWriter log, TimeProvider clock)
{
    /// <summary>The agent's ActivitySource.</summary>
    public const string SourceName = "Mplp.ReferenceAgent";

    private const int MaxOutputChars = 32 * 1024;

    private static readonly ActivitySource Source = new(SourceName);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var queues = settings.Roles.Select(r => settings.Queues.GetQueueClient(AgentQueues.WorkQueueOf(r))).ToList();
        foreach (var queue in queues)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await log.WriteLineAsync($"serving {queue.Name}");
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            var worked = false;
            foreach (var queue in queues)
            {
                foreach (var message in (await queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(5), cancellationToken)).Value)
                {
                    worked = true;
                    await HandleAsync(queue, message, cancellationToken);
                }
            }

            if (!worked)
            {
                await Task.Delay(settings.PollInterval, cancellationToken);
            }
        }
    }

    private async Task HandleAsync(QueueClient queue, QueueMessage message, CancellationToken cancellationToken)
    {
        WorkItem? work;
        try
        {
            work = JsonSerializer.Deserialize<WorkItem>(message.MessageText, AgentProtocol.Json);
        }
        catch (JsonException)
        {
            work = null;
        }

        if (work is not { Version: AgentProtocol.Version, ReplyTo.Length: > 0 })
        {
            await log.WriteLineAsync($"not a work item, moved to {queue.Name}-poison: {message.MessageId}");
            var poison = settings.Queues.GetQueueClient(queue.Name + "-poison");
            await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await poison.SendMessageAsync(message.MessageText, cancellationToken);
        }
        else if (work.Deadline < clock.GetUtcNow())
        {
            await log.WriteLineAsync($"{work.WorkId} is past its deadline: dropped");
        }
        else
        {
            ActivityContext.TryParse(work.TraceParent, null, isRemote: true, out var sender);
            using var span = Source.StartActivity($"{work.Kind} {work.AgentRole}", ActivityKind.Consumer, sender);
            span?.SetTag("mplp.work_id", work.WorkId.ToString());
            span?.SetTag("mplp.attempt", work.Attempt);
            var result = await RunAsync(work, cancellationToken) with { TraceParent = span?.Id ?? work.TraceParent };
            var replies = settings.Queues.GetQueueClient(work.ReplyTo);
            await replies.SendMessageAsync(JsonSerializer.Serialize(result, AgentProtocol.Json), cancellationToken);
            var what = work.Kind == WorkItem.CollabTurn ? $"turn of {work.ParticipantId} in round {work.Round}" : $"step {work.StepId}";
            await log.WriteLineAsync($"{work.AgentRole}: {what} attempt {work.Attempt}: {result.Status}");
        }

        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
    }

    private async Task<AgentResult> RunAsync(WorkItem work, CancellationToken cancellationToken)
    {
        if (settings.Command is null)
        {
            return Result(work, AgentResult.Completed, JsonSerializer.SerializeToElement(new { echo = work.Description }), null);
        }

        var start = new ProcessStartInfo("/bin/sh", ["-c", settings.Command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["MPLP_WORK_KIND"] = work.Kind;
        start.Environment["MPLP_STEP_DESCRIPTION"] = work.Description;
        start.Environment["MPLP_STEP_ID"] = work.StepId?.ToString() ?? "";
        start.Environment["MPLP_PLAN_ID"] = work.PlanId?.ToString() ?? "";
        start.Environment["MPLP_COLLAB_ID"] = work.CollabId?.ToString() ?? "";
        start.Environment["MPLP_PARTICIPANT_ID"] = work.ParticipantId ?? "";
        start.Environment["MPLP_ATTEMPT"] = work.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["MPLP_WORK_ID"] = work.WorkId.ToString();
        // The convention for handing a trace context to a process: the command's spans, if any, join the trace.
        start.Environment["TRACEPARENT"] = Activity.Current?.Id ?? work.TraceParent ?? "";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(work.Deadline - clock.GetUtcNow());
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return Result(work, AgentResult.Failed, null, "the command ran past the step's deadline");
        }

        return process.ExitCode == 0
            ? Result(work, AgentResult.Completed, JsonSerializer.SerializeToElement(new { stdout = Cut(await output) }), null)
            : Result(work, AgentResult.Failed, null, $"exit code {process.ExitCode}: {Cut(await error)}");
    }

    /// <summary>The result echoes the work item's claim token: without it the platform drops the result.</summary>
    private static AgentResult Result(WorkItem work, string status, JsonElement? output, string? error)
        => new(AgentProtocol.Version, work.WorkId, work.ExecutionId, status, output, error, ClaimToken: work.ClaimToken);

    private static string Cut(string text) => text.Length <= MaxOutputChars ? text : text[..MaxOutputChars];
}
