using System.Text.Json.Nodes;
using static Mplp.Deploy.Tests.Chart.ChartRender;

namespace Mplp.Deploy.Tests.Chart;

/// <summary>
/// Agent pods run commands of the pool's choosing, so they get their own identity and reach only their
/// queues: no database connection string, no Key Vault, no task hub or event log credential.
/// </summary>
public class ChartAgentIdentityTests
{
    private static readonly string[] Pool = ["mplp.agentPools[0].name=review", "mplp.agentPools[0].role=reviewer"];

    /// <summary>What an agent pod may be given: its role, its queue, a queue-only storage credential, and its telemetry's version and environment.</summary>
    private static readonly HashSet<string> AgentEnvironment = ["MPLP_AGENT_ROLE", "MPLP_WORK_QUEUE", "Mplp__Storage__QueueServiceUri", "AzureWebJobsStorage", "OTEL_RESOURCE_ATTRIBUTES"];

    [Theory]
    [MemberData(nameof(ValueSets), MemberType = typeof(ChartRender))]
    public async Task Template_AgentPool_PodReferencesOnlyItsQueuesAndItsOwnAccount(string valueFiles)
    {
        var manifests = await TemplateAsync(valueFiles, Pool);

        var deployment = manifests.Single("Deployment", $"{Release}-agent-review");
        var pod = PodSpecOf(deployment);
        Assert.Equal($"{Release}-agent", (string?)pod["serviceAccountName"]);
        Assert.NotEqual((string?)PodSpecOf(manifests.Single("Deployment", $"{Release}-core"))["serviceAccountName"], (string?)pod["serviceAccountName"]);
        var container = MainContainerOf(deployment);
        Assert.Null(container["envFrom"]);  // the ConfigMap names the vault and the task hub
        var env = container["env"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.All(env, e => Assert.Contains((string)e["name"]!, AgentEnvironment));
        Assert.All(env.Select(e => e["valueFrom"]?["secretKeyRef"]?["name"]).OfType<JsonNode>(), s => Assert.Equal("mplp-agent-storage", (string?)s));
        Assert.All(pod["volumes"]!.AsArray(), v => Assert.Equal(["name", "emptyDir"], v!.AsObject().Select(p => p.Key)));
        Assert.Null(container["volumeMounts"]!.AsArray().FirstOrDefault(m => (string)m!["mountPath"]! != "/tmp"));
        var text = pod.ToJsonString();
        foreach (var forbidden in new[] { "Postgres", "postgresql", "keyvault", "KeyVault", "table.core", "blob.core", "AzureWebJobsStorage__" })
        {
            Assert.DoesNotContain(forbidden, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Template_AgentPoolWithWorkloadIdentity_AccountCarriesTheAgentsOwnClientId()
    {
        var manifests = await TemplateAsync("values-production.yaml,values-security.yaml", Pool);

        var account = manifests.Single("ServiceAccount", $"{Release}-agent");
        Assert.Equal("00000000-0000-0000-0000-000000000001", (string?)account["metadata"]!["annotations"]!["azure.workload.identity/client-id"]);
        Assert.Equal("00000000-0000-0000-0000-000000000000", (string?)manifests.Single("ServiceAccount", Release)["metadata"]!["annotations"]!["azure.workload.identity/client-id"]);
        var deployment = manifests.Single("Deployment", $"{Release}-agent-review");
        Assert.True((bool)PodSpecOf(deployment)["automountServiceAccountToken"]!);  // the projected token of its own identity
        Assert.Equal("https://mplpprodstorage.queue.core.windows.net", EnvValue(MainContainerOf(deployment), "Mplp__Storage__QueueServiceUri"));
    }

    [Fact]
    public async Task Template_AgentPoolWithConnectionStrings_ReadsTheAgentsOwnSecret()
    {
        var manifests = await TemplateAsync("", [.. Pool, "mplp.agents.connectionStringSecret=reviewers-queues"]);

        var container = MainContainerOf(manifests.Single("Deployment", $"{Release}-agent-review"));
        Assert.Equal("reviewers-queues", (string?)EnvEntry(container, "AzureWebJobsStorage")!["valueFrom"]!["secretKeyRef"]!["name"]);
        Assert.False((bool)PodSpecOf(manifests.Single("Deployment", $"{Release}-agent-review"))["automountServiceAccountToken"]!);
        Assert.Null(manifests.Single("ServiceAccount", $"{Release}-agent")["metadata"]!["annotations"]);
    }

    [Fact]
    public async Task Template_WithoutAgentPools_RendersNoAgentAccount()
    {
        var manifests = await TemplateAsync("values-production.yaml");

        Assert.DoesNotContain(manifests.OfKind("ServiceAccount"), a => Manifests.NameOf(a) == $"{Release}-agent");
        Assert.DoesNotContain(manifests.OfKind("NetworkPolicy"), p => Manifests.NameOf(p) == $"{Release}-agents-egress");
    }

    [Theory]
    [InlineData("", "mplp.agents.clientId: agent pools run as their own managed identity")]
    [InlineData("mplp.agents.clientId=app-identity", "must differ from workloadIdentity.clientId")]
    public async Task Template_AgentPoolWithoutAnIdentityOfItsOwn_IsRefused(string agentClientId, string reason)
    {
        string[] sets = ["workloadIdentity.enabled=true", "workloadIdentity.clientId=app-identity", .. Pool];

        var error = await RefusedAsync("", [.. sets, .. agentClientId.Length > 0 ? [agentClientId] : Array.Empty<string>()]);

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_AgentAccountNamedAsTheApps_IsRefused()
    {
        var error = await RefusedAsync("", [.. Pool, $"mplp.agents.serviceAccount.name={Release}"]);

        Assert.Contains("mplp.agents.serviceAccount.name must differ", error, StringComparison.Ordinal);
    }
}
