using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Modules.Dialogs;
using Mplp.Core.Protocol;
using Mplp.Functions.Http;

namespace Mplp.Functions.Modules.Dialogs;

/// <summary>The Dialog module's HTTP API: the collection plus appending and paging messages.</summary>
public sealed class DialogFunctions(EntityEndpoints endpoints, TimeProvider clock)
{
    private const string Collection = EntityEndpoints.ApiRoot + "/dialogs";
    private const string Item = Collection + "/{id}";

    [Function("Dialogs_Create")]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.CreateAsync(DialogModule.Definition, request, cancellationToken);

    [Function("Dialogs_Get")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.GetAsync(DialogModule.Definition, request, id, cancellationToken);

    [Function("Dialogs_List")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.ListAsync(DialogModule.Definition, request, cancellationToken);

    [Function("Dialogs_Patch")]
    public Task<IActionResult> Patch([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.PatchAsync(DialogModule.Definition, request, id, cancellationToken);

    [Function("Dialogs_Delete")]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.DeleteAsync(DialogModule.Definition, request, id, cancellationToken);

    /// <summary>Appends one message (<c>role</c>, <c>content</c>; <c>timestamp</c> defaults to now).</summary>
    [Function("Dialogs_PostMessage")]
    public Task<IActionResult> PostMessage([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Item + "/messages")] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.ActOnBodyAsync(DialogModule.Definition, request, id, ["messages"], (message, dialog) =>
        {
            message["timestamp"] ??= MplpTime.Format(clock.GetUtcNow());
            dialog["messages"]!.AsArray().Add(message);
        }, cancellationToken);

    [Function("Dialogs_ListMessages")]
    public Task<IActionResult> ListMessages([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Item + "/messages")] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.ListEmbeddedAsync(DialogModule.Definition, request, id, "messages", cancellationToken);
}
