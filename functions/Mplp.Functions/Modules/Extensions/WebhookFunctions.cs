using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Errors;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Contexts;
using Mplp.Core.Modules.Extensions;
using Mplp.Core.Modules.Extensions.Webhooks;
using Mplp.Core.Modules.Roles;
using Mplp.Core.Protocol;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Modules.Extensions;

/// <summary>
/// A webhook subscription's secret and deliveries, beside the extension that is the subscription.
/// The secret is made by the platform and shown once, in the answer that makes it; nothing is
/// delivered before the first one exists (deliveries start with the events logged after it).
/// </summary>
[ApiModule(typeof(ExtensionModule))]
public sealed class WebhookFunctions(EntityEndpoints endpoints, EntityService entities, WebhookSecrets secrets, WebhookDeliveries deliveries, ContextEvents contextEvents, TimeProvider clock)
{
    private const string Item = EntityEndpoints.ApiRoot + "/extensions/{id}";
    private static ModuleDefinition Module => ExtensionModule.Definition;

    [Function("Extensions_RenewWebhookSecret")]
    [ApiOperation(ApiOperation.Custom, Summary = "Make a new signing secret for the extension's webhook (shown only in this answer; the next attempts sign with it)",
        Response = PlatformComponents.WebhookSecret, Capability = "extension:write", Problems = [ProblemCodes.WebhookNotConfigured])]
    public Task<IActionResult> RenewSecret(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Item + "/webhook/secret")] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.RunAsync(Module, request, Capabilities.Write(Module), async actor =>
        {
            var extensionId = RouteIds.Parse(Module.Name, id);
            var extension = await entities.GetAsync(Module, extensionId, actor, cancellationToken);
            if (WebhookConfig.Of(extension.Document) is null)
            {
                throw Problems.WebhookNotConfigured(extensionId);
            }

            var contextId = Module.ContextIdOf(extension.Document)!.Value;
            var traceId = await contextEvents.TraceIdAsync(contextId, cancellationToken);
            var secret = await secrets.RenewAsync(extensionId, traceId.ToString(), cancellationToken);
            // The audit trail says who renewed it, never the secret.
            await contextEvents.AppendAsync(contextId, Module.Name, "extension.webhook_secret_renewed", new JsonObject
            {
                ["extension_id"] = extensionId.ToString(),
                ["actor"] = actor.Principal,
            }, cancellationToken);
            return ApiResponse.Json(StatusCodes.Status200OK, new JsonObject
            {
                ["extension_id"] = extensionId.ToString(),
                ["secret"] = secret,
                ["created_at"] = MplpTime.Format(clock.GetUtcNow()),
            });
        });

    [Function("Extensions_ListDeliveries")]
    [ApiOperation(ApiOperation.ListItems, Summary = "List the webhook's deliveries, oldest first, each with its attempts", Part = PlatformComponents.WebhookDelivery)]
    public Task<IActionResult> ListDeliveries(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Item + "/deliveries")] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.RunAsync(Module, request, Capabilities.Read(Module), async actor =>
        {
            var extensionId = RouteIds.Parse(Module.Name, id);
            var page = ListQueries.Parse(request.Query).Page;
            await entities.GetAsync(Module, extensionId, actor, cancellationToken);
            var listed = await deliveries.ListAsync(extensionId, page, cancellationToken);
            return ApiResponse.Json(StatusCodes.Status200OK, new JsonObject
            {
                ["items"] = new JsonArray([.. listed.Items]),
                ["next_cursor"] = listed.NextCursor,
            });
        });
}
