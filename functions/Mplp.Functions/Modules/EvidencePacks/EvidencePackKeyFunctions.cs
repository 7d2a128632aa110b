using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Modules.CoreManifest;
using Mplp.Core.Modules.EvidencePacks;
using Mplp.Core.Modules.Roles;
using Mplp.Functions.Http;
using Mplp.Functions.Http.Auth;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Modules.EvidencePacks;

/// <summary>
/// The instance's evidence pack signing key, public half. A pack carries its signer's key itself, so
/// anyone who rebuilds a pack can sign it again with a key of their own: only a key taken from the
/// instance says the instance signed it. It is a fact about the instance, beside its manifest.
/// </summary>
[ApiModule(typeof(CoreModule))]
public sealed class EvidencePackKeyFunctions(HttpEndpoint endpoint, ApiAccess access, PackSigner signer)
{
    [Function("Core_GetEvidencePackKey")]
    [ApiOperation(ApiOperation.Custom, Summary = "The public key (a JWK) this instance signs evidence packs with: pin it with ./mplp verify-pack --key",
        Capability = Capabilities.TraceRead)]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = EntityEndpoints.ApiRoot + "/core/evidence-pack-key")] HttpRequest request, CancellationToken cancellationToken)
        => endpoint.RunAsync(request, async () =>
        {
            // Whoever may export a pack somewhere may check its signature.
            await access.AuthorizeAsync(request, Capabilities.TraceRead);
            return ApiResponse.Json(StatusCodes.Status200OK, await signer.PublicKeyAsync(cancellationToken));
        });
}
