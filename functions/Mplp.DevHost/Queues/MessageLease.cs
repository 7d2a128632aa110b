using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Mplp.DevHost.Queues;

/// <summary>
/// Keeps a received message invisible while its function runs, renewing at half-time like the
/// Functions host, then deletes it or makes it visible again. Renewing changes the pop receipt,
/// so this type is the only one that touches the message after it is received.
/// </summary>
internal sealed class MessageLease : IAsyncDisposable
{
    private readonly QueueClient _queue;
    private readonly string _messageId;
    private readonly CancellationTokenSource _stopRenewing = new();
    private readonly Task _renewal;
    private string _popReceipt;

    private MessageLease(QueueClient queue, QueueMessage message, TimeSpan visibility)
    {
        _queue = queue;
        _messageId = message.MessageId;
        _popReceipt = message.PopReceipt;
        _renewal = RenewAsync(visibility, _stopRenewing.Token);
    }

    public static MessageLease Start(QueueClient queue, QueueMessage message, TimeSpan visibility) => new(queue, message, visibility);

    public async Task DeleteAsync()
    {
        await StopRenewingAsync();
        await _queue.DeleteMessageAsync(_messageId, _popReceipt, CancellationToken.None);
    }

    /// <summary>Makes the message visible again after <paramref name="delay"/> (host.json <c>visibilityTimeout</c>).</summary>
    public async Task ReleaseAsync(TimeSpan delay)
    {
        await StopRenewingAsync();
        await _queue.UpdateMessageAsync(_messageId, _popReceipt, message: (BinaryData?)null, delay, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await StopRenewingAsync();
        _stopRenewing.Dispose();
    }

    private async Task RenewAsync(TimeSpan visibility, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(visibility / 2, cancellationToken);
                UpdateReceipt receipt = await _queue.UpdateMessageAsync(
                    _messageId, _popReceipt, message: (BinaryData?)null, visibility, cancellationToken);
                _popReceipt = receipt.PopReceipt;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Completed, released or stopping.
        }
    }

    private async Task StopRenewingAsync()
    {
        if (!_stopRenewing.IsCancellationRequested)
        {
            await _stopRenewing.CancelAsync();
        }

        await _renewal;
    }
}
