using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Mplp.Core.Agents;
using Mplp.Functions.Tests.Execution;
using Mplp.Functions.Tests.Modules.Confirms;
using Mplp.Testing;

namespace Mplp.Functions.Tests.Modules.EvidencePacks;

/// <summary>
/// One host whose packs hold at most <see cref="MaxFiles"/> files (so a context of a few plans is
/// past the limit), and one context that went through it all: a plan, a Confirm a reviewer approved,
/// the plan's execution through an agent. Its pack is exported once and unpacked for every test.
/// </summary>
public sealed class EvidencePackFixture : ApiFixture
{
    public const string Collection = "evidence-packs";

    /// <summary>The scenario's pack holds 10 files; 6 plans make 14.</summary>
    public const int MaxFiles = 12;

    private readonly string _work = Path.Combine(Path.GetTempPath(), TestEnvironment.UniqueName("packs-"));

    public string ContextId { get; private set; } = "";

    public string PlanId { get; private set; } = "";

    public string ConfirmId { get; private set; } = "";

    public string ReviewerPrincipal { get; private set; } = "";

    /// <summary>The scenario's pack as exported.</summary>
    public byte[] Pack { get; private set; } = [];

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => [new("Mplp__EvidencePacks__MaxFiles", $"{MaxFiles}")];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Directory.CreateDirectory(_work);
        var role = TestEnvironment.UniqueName("packer-");
        ContextId = await NewContextAsync();
        var (_, plan) = await SendAsync(HttpMethod.Post, "/api/v1/plans", new
        {
            context_id = ContextId,
            title = "release",
            objective = "ship",
            status = "proposed",
            steps = new[] { new { step_id = Guid.NewGuid().ToString(), description = "build", agent_role = role } },
        });
        PlanId = plan["plan_id"]!.GetValue<string>();
        var (_, confirm) = await SendAsync(HttpMethod.Post, "/api/v1/confirms", new { target_type = "plan", target_id = PlanId, requested_by_role = "planner" });
        ConfirmId = confirm["confirm_id"]!.GetValue<string>();
        await using var agent = new TestAgent([role], _ => AgentResult.Completed);
        using var reviewer = await this.ReviewerAsync();
        ReviewerPrincipal = reviewer.Principal;
        await SendAsync(HttpMethod.Put, $"/api/v1/confirms/{ConfirmId}/policy", new { execute_plan = true });
        var (decided, _) = await this.DecideAsync(reviewer, ConfirmId);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        await this.StatusAsync($"/api/v1/plans/{PlanId}", "completed");
        await Executions.WaitUntilAsync(async () => (await EventsAsync(ContextId)).Any(e => e["event_type"]!.GetValue<string>() == "sa.completed"), () => "sa.completed in the log");

        var (response, bytes) = await ExportAsync(ContextId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Pack = bytes;
    }

    /// <summary>GET the context's pack as <paramref name="client"/> (default the admin).</summary>
    public async Task<(HttpResponseMessage Response, byte[] Body)> ExportAsync(string contextId, HttpClient? client = null)
    {
        try
        {
            var response = await (client ?? Client).GetAsync($"/api/v1/contexts/{contextId}/evidence-pack");
            return (response, await response.Content.ReadAsByteArrayAsync());
        }
        catch (HttpRequestException e)
        {
            // The host cuts a pack it could not finish: its log says why.
            throw new InvalidOperationException($"the export was cut: {e.Message}\n{HostOutput[^Math.Min(HostOutput.Length, 6000)..]}", e);
        }
    }

    /// <summary>Every event of the context's log, through the API.</summary>
    public async Task<IReadOnlyList<JsonObject>> EventsAsync(string contextId)
    {
        var events = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var (_, page) = await SendAsync(HttpMethod.Get, $"/api/v1/contexts/{contextId}/events?limit=100{(cursor is null ? "" : "&cursor=" + cursor)}");
            events.AddRange(page["items"]!.AsArray().Select(e => e!.AsObject()));
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return events;
    }

    /// <summary>Writes <paramref name="pack"/> as a zip file of its own, for the verifier.</summary>
    public string SaveZip(byte[] pack)
    {
        var file = Path.Combine(_work, TestEnvironment.UniqueName("pack-") + ".zip");
        File.WriteAllBytes(file, pack);
        return file;
    }

    /// <summary>Unpacks <paramref name="pack"/> into a directory of its own; returns the pack's directory inside it.</summary>
    public string Unpack(byte[] pack)
    {
        var target = Path.Combine(_work, TestEnvironment.UniqueName("unpacked-"));
        ZipFile.ExtractToDirectory(new MemoryStream(pack), target);
        return Assert.Single(Directory.GetDirectories(target));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}

[CollectionDefinition(EvidencePackFixture.Collection)]
public sealed class EvidencePackCollection : ICollectionFixture<EvidencePackFixture>;
