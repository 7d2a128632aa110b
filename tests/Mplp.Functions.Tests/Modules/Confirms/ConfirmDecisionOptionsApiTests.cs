using System.Net;
using System.Text.Json.Nodes;

namespace Mplp.Functions.Tests.Modules.Confirms;

/// <summary>
/// GET /api/v1/confirms/{id}/decision-options answers what a decision would meet: each principal's
/// options are checked against what the API then does with the decision (refused where none is
/// offered, accepted where one is).
/// </summary>
public sealed class ConfirmDecisionOptionsApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact(Timeout = 90_000)]
    public async Task DecisionOptions_OfferWhatTheApiAccepts_AndNothingItRefuses()
    {
        var context = await api.NewContextAsync();
        var (_, plan) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", new { context_id = context, title = "p", objective = "o", status = "proposed", steps = new[] { new { step_id = Guid.NewGuid().ToString(), description = "s" } } });
        var (_, created) = await api.SendAsync(HttpMethod.Post, "/api/v1/confirms", new { target_type = "plan", target_id = plan["plan_id"]!.GetValue<string>(), requested_by_role = "planner" });
        var confirm = created["confirm_id"]!.GetValue<string>();
        using var reviewer = await api.ReviewerAsync(context, "confirm:decide", "confirm:read", "plan:read");
        using var otherRole = await api.ReviewerAsync(context, "confirm:decide", "confirm:read", "plan:read");
        using var reader = await api.ReviewerAsync(context, "confirm:read", "plan:read");
        await api.SendAsync(HttpMethod.Put, $"/api/v1/confirms/{confirm}/policy", new { allowed_roles = new[] { reviewer.Role } });

        var author = await OptionsAsync(confirm, api.Client);
        var (authorApproves, authorProblem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/confirms/{confirm}/decisions", new { status = "approved", decided_by_role = reviewer.Role });
        var outsider = await OptionsAsync(confirm, otherRole.Client);
        var (outsiderDecides, _) = await api.DecideAsync(otherRole, confirm);
        var readOnly = await OptionsAsync(confirm, reader.Client);
        var (readerDecides, _) = await api.DecideAsync(reader, confirm);
        var allowed = await OptionsAsync(confirm, reviewer.Client);
        var (control, _) = await api.DecideAsync(reviewer, confirm);
        var afterwards = await OptionsAsync(confirm, reviewer.Client);

        Assert.DoesNotContain("approved", Strings(author["statuses"]));
        Assert.Contains("rejected", Strings(author["statuses"]));
        Assert.Equal([reviewer.Role], Strings(author["roles"]));  // an administrator decides in any name
        Assert.Equal(HttpStatusCode.Forbidden, authorApproves.StatusCode);
        Assert.Equal("SELF_APPROVAL_FORBIDDEN", authorProblem["code"]!.GetValue<string>());
        Assert.Empty(Strings(outsider["statuses"]));
        Assert.Contains(reviewer.Role, outsider["reasons"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, outsiderDecides.StatusCode);  // its own role is not the policy's
        Assert.Empty(Strings(readOnly["statuses"]));
        Assert.Equal(HttpStatusCode.Forbidden, readerDecides.StatusCode);
        Assert.Equal(["approved", "rejected", "cancelled"], Strings(allowed["statuses"]));
        Assert.Equal([reviewer.Role], Strings(allowed["roles"]));
        Assert.Equal(reviewer.Principal, allowed["principal"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, control.StatusCode);
        Assert.Empty(Strings(afterwards["statuses"]));
    }

    [Fact(Timeout = 60_000)]
    public async Task DecisionOptions_WithoutConfirmRead_Is403_AndOfAnUnknownConfirm_Is404()
    {
        var context = await api.NewContextAsync();
        using var stranger = await api.ReviewerAsync(context, "plan:read");

        var (refused, problem) = await api.SendAsync(HttpMethod.Get, $"/api/v1/confirms/{Guid.NewGuid()}/decision-options", client: stranger.Client);
        var (missing, notFound) = await api.SendAsync(HttpMethod.Get, $"/api/v1/confirms/{Guid.NewGuid()}/decision-options");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("FORBIDDEN", problem["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("CONFIRM_NOT_FOUND", notFound["code"]!.GetValue<string>());
    }

    private async Task<JsonObject> OptionsAsync(string confirm, HttpClient client)
    {
        var (response, body) = await api.SendAsync(HttpMethod.Get, $"/api/v1/confirms/{confirm}/decision-options", client: client);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body;
    }

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];
}
