using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Mplp.DevHost.Configuration;
using Mplp.DevHost.Invocation;

namespace Mplp.DevHost.Queues;

/// <summary>
/// Listens to one trigger queue with the Functions host's rules: batches of <c>batchSize</c>, a new
/// batch when in-flight messages fall to <c>newBatchThreshold</c>, polling backoff up to
/// <c>maxPollingInterval</c>, a failed message visible again after <c>visibilityTimeout</c>, and
/// moved to <c>&lt;queue&gt;-poison</c> once it has been tried <c>maxDequeueCount</c> times.
/// </summary>
internal sealed class QueueTriggerListener(
    FunctionInvoker invoker,
    QueueClient queue,
    QueueClient poisonQueue,
    QueueSettings settings,
    IServiceScopeFactory scopes,
    ILogger logger) : BackgroundService
{
    /// <summary>How long a received message stays invisible while its function runs (renewed at half-time).</summary>
    internal static readonly TimeSpan ProcessingVisibility = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan StorageRetryInterval = TimeSpan.FromSeconds(2);

    private string Function => invoker.Function.Name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var inFlight = new InFlightMessages();
        try
        {
            await EnsureQueueAsync(stoppingToken);
            var backoff = new PollingBackoff(MinimumPollingInterval, settings.MaxPollingInterval);
            while (!stoppingToken.IsCancellationRequested)
            {
                await inFlight.WaitUntilAtMostAsync(settings.NewBatchThreshold, stoppingToken);
                var messages = await ReceiveAsync(stoppingToken);
                if (messages.Length == 0)
                {
                    await Task.Delay(backoff.Next(), stoppingToken);
                    continue;
                }

                backoff.Reset();
                foreach (var message in messages)
                {
                    inFlight.Track(ProcessAsync(message, stoppingToken));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the functions still running see the same token.
        }

        await inFlight.WhenAllAsync();
    }

    private async Task EnsureQueueAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                Logs.QueueListening(logger, Function, queue.Name);
                return;
            }
            catch (Exception e) when (e is RequestFailedException or AggregateException)
            {
                Logs.QueueUnavailable(logger, e, Function, queue.Name);
                await Task.Delay(StorageRetryInterval, stoppingToken);
            }
        }
    }

    private async Task<QueueMessage[]> ReceiveAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await queue.ReceiveMessagesAsync(settings.BatchSize, ProcessingVisibility, stoppingToken);
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException)
        {
            Logs.QueueUnavailable(logger, e, Function, queue.Name);
            await Task.Delay(StorageRetryInterval, stoppingToken);
            return [];
        }
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        // Let the receive loop go on while this message runs.
        await Task.Yield();
        await using var lease = MessageLease.Start(queue, message, ProcessingVisibility);
        if (message.DequeueCount > settings.MaxDequeueCount)
        {
            // Already tried enough times (a host died while running it): do not run it again.
            await TryAsync(message, () => MoveToPoisonAsync(message, lease));
            return;
        }

        try
        {
            await InvokeAsync(message, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await TryAsync(message, () => lease.ReleaseAsync(TimeSpan.Zero));
            return;
        }
        catch (Exception e)
        {
            Logs.QueueFunctionFailed(logger, e, Function, message.MessageId, message.DequeueCount, settings.MaxDequeueCount);
            await TryAsync(message, () => message.DequeueCount >= settings.MaxDequeueCount
                ? MoveToPoisonAsync(message, lease)
                : lease.ReleaseAsync(settings.VisibilityTimeout));
            return;
        }

        // Outside the try: a failed delete is a storage problem, not a failure of the function.
        await TryAsync(message, lease.DeleteAsync);
    }

    private async Task InvokeAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        var received = ReceivedQueueMessage.Decode(message, settings.MessageEncoding);
        await using var scope = scopes.CreateAsyncScope();
        var invocation = invoker.CreateContext(scope.ServiceProvider, received, received.BindingData(), stoppingToken);
        await invoker.InvokeAsync(invocation);
    }

    private async Task MoveToPoisonAsync(QueueMessage message, MessageLease lease)
    {
        await poisonQueue.CreateIfNotExistsAsync();
        await poisonQueue.SendMessageAsync(message.Body);
        await lease.DeleteAsync();
        Logs.QueueMessagePoisoned(logger, Function, message.MessageId, poisonQueue.Name, message.DequeueCount);
    }

    private async Task TryAsync(QueueMessage message, Func<Task> settle)
    {
        try
        {
            await settle();
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException)
        {
            // Storage is gone, or the message became visible again and another receive took it (that
            // one settles it); either way the message is not lost, only perhaps run once more.
            Logs.QueueSettleFailed(logger, e, Function, message.MessageId);
        }
    }
}
