using System.Text.Json.Nodes;
using Mplp.Core.Access;
using Mplp.Core.Documents;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Contexts;
using Mplp.Core.Modules.Plans;
using Mplp.Core.Protocol;

namespace Mplp.Core.Tests.Modules.Plans;

/// <summary>What the service-level plan tests start from: a one-step plan in a new active context.</summary>
internal static class TestPlans
{
    public static async Task<StoredDocument> NewAsync(EntityService entities, Actor actor, string status)
    {
        var context = await entities.CreateAsync(ContextModule.Definition, new JsonObject
        {
            ["title"] = "t",
            ["root"] = new JsonObject { ["domain"] = "d", ["environment"] = "e" },
            ["status"] = "active",
        }, actor, CancellationToken.None);
        return await entities.CreateAsync(PlanModule.Definition, new JsonObject
        {
            ["context_id"] = context.Id.ToString(),
            ["title"] = "p",
            ["objective"] = "o",
            ["status"] = status,
            ["steps"] = new JsonArray(new JsonObject { ["step_id"] = MplpIds.New().ToString(), ["description"] = "s" }),
        }, actor, CancellationToken.None);
    }
}
