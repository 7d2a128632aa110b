using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Errors;
using Mplp.Core.Modules.Dialogs;
using Mplp.Core.Modules.Roles;
using Mplp.Core.Protocol;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Modules.Dialogs;

/// <summary>The Dialog module's HTTP API: the collection plus appending and paging messages.</summary>
[ApiModule(typeof(DialogModule))]
public sealed class DialogFunctions(EntityEndpoints endpoints, TimeProvider clock)
{
    private const string Collection = EntityEndpoints.ApiRoot + "/dialogs";
    private const string Item = Collection + "/{id}";

    [Function("Dialogs_Create")]
    [ApiOperation(ApiOperation.Create)]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.CreateAsync(DialogModule.Definition, request, cancellationToken);

    [Function("Dialogs_Get")]
    [ApiOperation(ApiOperation.Get)]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.GetAsync(DialogModule.Definition, request, id, cancellationToken);

    [Function("Dialogs_List")]
    [ApiOperation(ApiOperation.List)]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.ListAsync(DialogModule.Definition, request, cancellationToken);

    [Function("Dialogs_Patch")]
    [ApiOperation(ApiOperation.Patch)]
    public Task<IActionResult> Patch([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.PatchAsync(DialogModule.Definition, request, id, cancellationToken);

    [Function("Dialogs_Delete")]
    [ApiOperation(ApiOperation.Delete)]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.DeleteAsync(DialogModule.Definition, request, id, cancellationToken);

    /// <summary>Appends one message (<c>role</c>, <c>content</c>; <c>timestamp</c> defaults to now).</summary>
    [Function("Dialogs_PostMessage")]
    [ApiOperation(ApiOperation.Action, Summary = "Append a message (timestamp defaults to now)", Part = "/$defs/dialog_message_core", Problems = [ProblemCodes.ListFull])]
    public Task<IActionResult> PostMessage([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Item + "/messages")] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.ActOnBodyAsync(DialogModule.Definition, request, id, Capabilities.Write(DialogModule.Definition), ["messages"], (message, dialog) =>
        {
            message["timestamp"] ??= MplpTime.Format(clock.GetUtcNow());
            dialog["messages"]!.AsArray().Add(message);
        }, cancellationToken);

    [Function("Dialogs_ListMessages")]
    [ApiOperation(ApiOperation.ListItems, Summary = "List a dialog's messages", Part = "/$defs/dialog_message_core")]
    public Task<IActionResult> ListMessages([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Item + "/messages")] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.ListEmbeddedAsync(DialogModule.Definition, request, id, "messages", cancellationToken);
}
