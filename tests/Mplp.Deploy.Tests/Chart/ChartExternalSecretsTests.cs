using System.Text.Json.Nodes;
using static Mplp.Deploy.Tests.Chart.ChartRender;

namespace Mplp.Deploy.Tests.Chart;

/// <summary>
/// secrets.external: a SecretStore for the provider that signs in as the app's ServiceAccount, and
/// ExternalSecrets that produce every Secret the pods read, under the names and keys they read.
/// </summary>
public class ChartExternalSecretsTests
{
    private const string GuideSecurity = "guide/security-values.yaml";

    private static readonly string[] Pool = ["mplp.agentPools[0].name=review", "mplp.agentPools[0].role=reviewer"];

    [Fact]
    public async Task Template_GuideSecurity_AwsStoreAuthenticatesAsTheIrsaAccount()
    {
        var manifests = await TemplateAsync(GuideSecurity);

        var aws = StoreOf(manifests)["aws"]!;
        Assert.Equal("SecretsManager", (string?)aws["service"]);
        Assert.Equal("us-east-1", (string?)aws["region"]);
        var account = (string)aws["auth"]!["jwt"]!["serviceAccountRef"]!["name"]!;
        Assert.Equal(Release, account);
        Assert.NotNull(manifests.Single("ServiceAccount", account)["metadata"]!["annotations"]!["eks.amazonaws.com/role-arn"]);
    }

    [Theory]
    [InlineData(GuideSecurity)]
    [InlineData(GuideLayered)]
    public async Task Template_GuideExternalSecrets_ProduceEverySecretThePodsRead(string valueFiles)
    {
        var manifests = await TemplateAsync(valueFiles, [.. Pool, "mplp.auth.signingKeySecret=mplp-signing"]);

        var produced = manifests.OfKind("ExternalSecret").ToDictionary(e => (string)e["spec"]!["target"]!["name"]!, KeysOf);
        var read = SecretsReadBy(manifests).ToList();
        Assert.Contains(("mplp-storage", "connection-string"), read);
        Assert.Contains(("mplp-agent-storage", "connection-string"), read);
        Assert.Contains(("mplp-signing", "signing-key"), read);
        Assert.All(read, r => Assert.Contains(r.Key, produced.GetValueOrDefault(r.Name) ?? []));
        Assert.All(manifests.OfKind("ExternalSecret"), e => Assert.Equal(Release, (string?)e["spec"]!["secretStoreRef"]!["name"]));
        // One owner per Secret: the chart renders none of the Secrets the provider fills.
        Assert.DoesNotContain(manifests.OfKind("Secret"), s => produced.ContainsKey(Manifests.NameOf(s)));
    }

    [Fact]
    public async Task Template_GuideLayered_PostgresAndRedisSecretsFromTheProvider()
    {
        var manifests = await TemplateAsync(GuideLayered);

        var app = manifests.Single("ExternalSecret", $"{Release}-postgresql-app")["spec"]!;
        Assert.Equal("kubernetes.io/basic-auth", (string?)app["target"]!["template"]!["type"]);
        Assert.Equal("mplp", (string?)app["target"]!["template"]!["data"]!["username"]);
        Assert.Equal("{{ .password }}", (string?)app["target"]!["template"]!["data"]!["password"]);
        Assert.Equal("mplp-postgresql-password", (string?)app["data"]![0]!["remoteRef"]!["key"]);
        Assert.Equal("1h", (string?)app["refreshInterval"]);
        var superuser = manifests.Single("ExternalSecret", $"{Release}-postgresql-superuser")["spec"]!;
        Assert.Equal("postgres", (string?)superuser["target"]!["template"]!["data"]!["username"]);
        Assert.Equal("mplp-postgresql-postgres-password", (string?)superuser["data"]![0]!["remoteRef"]!["key"]);
        var redis = manifests.Single("ExternalSecret", $"{Release}-redis")["spec"]!;
        Assert.Equal("redis-password", (string?)redis["data"]![0]!["secretKey"]);
        Assert.Equal("mplp-redis-password", (string?)redis["data"]![0]!["remoteRef"]!["key"]);
    }

    [Fact]
    public async Task Template_GuideSecurityAlone_ExternalServersConnectionStringFromTheProvider()
    {
        var spec = (await TemplateAsync(GuideSecurity)).Single("ExternalSecret", "mplp-postgres")["spec"]!;

        Assert.Equal("connection-string", (string?)spec["data"]![0]!["secretKey"]);
        Assert.Equal("mplp-postgresql-connection-string", (string?)spec["data"]![0]!["remoteRef"]!["key"]);
    }

    [Fact]
    public async Task Template_AzureProvider_StoreReadsTheVaultWithWorkloadIdentity()
    {
        var manifests = await TemplateAsync("values-production.yaml", "secrets.external.enabled=true", "secrets.external.provider=azure-key-vault", "mplp.auth.signingKeySecret=mplp-signing");

        var azure = StoreOf(manifests)["azurekv"]!;
        Assert.Equal("WorkloadIdentity", (string?)azure["authType"]);
        Assert.Equal("https://mplp-prod-kv.vault.azure.net/", (string?)azure["vaultUrl"]);
        Assert.Equal(Release, (string?)azure["serviceAccountRef"]!["name"]);
        // Storage and PostgreSQL are keyless here (workload identity, the app reads the vault): only the key is a Secret.
        Assert.Equal(["mplp-signing"], manifests.OfKind("ExternalSecret").Select(Manifests.NameOf));
    }

    [Fact]
    public async Task Template_GcpProvider_StoreUsesTheProjectAndWorkloadIdentity()
    {
        var manifests = await TemplateAsync(GuideSecurity, "secrets.external.provider=gcp-secret-manager", "secrets.external.gcp.projectID=mplp-prod");

        var gcp = StoreOf(manifests)["gcpsm"]!;
        Assert.Equal("mplp-prod", (string?)gcp["projectID"]);
        Assert.Equal(Release, (string?)gcp["auth"]!["workloadIdentity"]!["serviceAccountRef"]!["name"]);
    }

    [Fact]
    public async Task Template_RegionAndRemoteKeys_FollowTheValues()
    {
        var manifests = await TemplateAsync(GuideLayered, "secrets.external.aws.region=eu-west-1", "secrets.external.remoteKeys.postgresqlPassword=prod/mplp/db", "secrets.external.remoteKeys.postgresqlPostgresPassword=");

        Assert.Equal("eu-west-1", (string?)StoreOf(manifests)["aws"]!["region"]);
        Assert.Equal("prod/mplp/db", (string?)manifests.Single("ExternalSecret", $"{Release}-postgresql-app")["spec"]!["data"]![0]!["remoteRef"]!["key"]);
        Assert.DoesNotContain(manifests.OfKind("ExternalSecret"), e => Manifests.NameOf(e) == $"{Release}-postgresql-superuser");
    }

    [Theory]
    [InlineData("secrets.external.provider=gcp-secret-manager", "secrets.external.gcp.projectID")]
    [InlineData("secrets.external.provider=azure-key-vault", "secrets.external.azure.vaultUrl (or keyVault.uri)")]
    [InlineData("security.serviceAccount.annotations=null", "annotate it with eks.amazonaws.com/role-arn")]
    [InlineData("secrets.external.provider=vault", "provider")]
    public async Task Template_ProviderWithoutWhatItNeeds_IsRefused(string set, string reason)
    {
        var error = await RefusedAsync(GuideSecurity, set);

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("guide/production-values.yaml")]
    [InlineData("values-production.yaml,values-security.yaml")]
    public async Task Template_ExternalSecretsOff_RendersNoOperatorObjects(string valueFiles)
    {
        var manifests = await TemplateAsync(valueFiles);

        Assert.DoesNotContain(manifests.All, o => ((string)o["apiVersion"]!).StartsWith("external-secrets.io", StringComparison.Ordinal));
    }

    private static JsonNode StoreOf(Manifests manifests) => manifests.Single("SecretStore", Release)["spec"]!["provider"]!;

    /// <summary>The keys an ExternalSecret's target gets: the template's when it has one, else the fetched ones.</summary>
    private static HashSet<string> KeysOf(JsonObject externalSecret)
    {
        var spec = externalSecret["spec"]!;
        var template = spec["target"]!["template"]?["data"]?.AsObject();
        return template is not null
            ? [.. template.Select(p => p.Key)]
            : [.. spec["data"]!.AsArray().Select(d => (string)d!["secretKey"]!)];
    }

    /// <summary>Every Secret key a pod's environment or KEDA's TriggerAuthentication reads.</summary>
    private static IEnumerable<(string Name, string Key)> SecretsReadBy(Manifests manifests)
    {
        var fromPods = PodSecurity.PodsOf(manifests)
            .SelectMany(p => new[] { "initContainers", "containers" }.SelectMany(k => p.Spec[k]?.AsArray() ?? []))
            .SelectMany(c => c!["env"]?.AsArray() ?? [])
            .Select(e => e!["valueFrom"]?["secretKeyRef"])
            .OfType<JsonNode>()
            .Select(r => ((string)r["name"]!, (string)r["key"]!));
        var fromKeda = manifests.OfKind("TriggerAuthentication")
            .SelectMany(t => t["spec"]!["secretTargetRef"]?.AsArray() ?? [])
            .Select(r => ((string)r!["name"]!, (string)r["key"]!));
        return fromPods.Concat(fromKeda).Distinct();
    }
}
