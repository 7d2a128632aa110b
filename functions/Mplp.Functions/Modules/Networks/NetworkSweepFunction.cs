using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Mplp.Core.Modules.Networks;

namespace Mplp.Functions.Modules.Networks;

/// <summary>
/// Every five seconds, nodes whose heartbeat is overdue become <c>unreachable</c>. The sweep is one
/// indexed query when nothing is overdue, so running it often costs little and keeps the status fresh.
/// </summary>
public sealed class NetworkSweepFunction(NetworkNodes nodes, ILogger<NetworkSweepFunction> logger)
{
    [Function("Networks_MarkUnreachable")]
    public async Task Run([TimerTrigger("*/5 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var marked = await nodes.MarkOverdueUnreachableAsync(cancellationToken);
        if (marked > 0)
        {
            Logs.NodesMarkedUnreachable(logger, marked);
        }
    }
}
