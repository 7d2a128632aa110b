using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using FromBodyAttribute = Microsoft.Azure.Functions.Worker.Http.FromBodyAttribute;

namespace Mplp.DevHost.FixtureApp.Queues;

/// <summary>Functions that put messages on queues through output bindings.</summary>
public static class WorkFunctions
{
    /// <summary>An HTTP response and a queue message from one function (a multi-output result).</summary>
    [Function("EnqueueWork")]
    public static EnqueuedWork EnqueueWork(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "work")] HttpRequest request,
        [FromBody] WorkItem item)
        => new(new AcceptedResult(), item);

    /// <summary>Passes a message on to the work queue through a return-value output binding.</summary>
    [Function("ForwardWork")]
    [QueueOutput("%FixtureWorkQueue%")]
    public static WorkItem ForwardWork([QueueTrigger("%FixtureForwardQueue%")] WorkItem item)
        => item with { Text = "forwarded:" + item.Text };
}

public sealed record EnqueuedWork(
    [property: HttpResult] IActionResult Response,
    [property: QueueOutput("%FixtureWorkQueue%")] WorkItem Work);
