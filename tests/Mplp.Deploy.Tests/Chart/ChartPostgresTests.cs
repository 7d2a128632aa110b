using System.Text.Json.Nodes;
using static Mplp.Deploy.Tests.Chart.ChartRender;

namespace Mplp.Deploy.Tests.Chart;

/// <summary>The guide's postgresql keys on the CloudNativePG Cluster: bootstrap, credentials Secrets, storage, resources, instances.</summary>
public class ChartPostgresTests
{
    private const string Production = "guide/production-values.yaml";
    private const string ProductionHa = "guide/production-values.yaml,guide/ha-values.yaml";
    private const string AppSecret = $"{Release}-postgresql-app";
    private const string SuperuserSecret = $"{Release}-postgresql-superuser";

    [Fact]
    public async Task Template_GuideProduction_ClusterBootstrapsTheGuidesDatabaseOnItsStorage()
    {
        var cluster = ClusterOf(await TemplateAsync(Production));

        Assert.Equal(1, (long)cluster["instances"]!);
        Assert.Equal("preferred", (string?)cluster["affinity"]!["podAntiAffinityType"]);
        var initdb = cluster["bootstrap"]!["initdb"]!;
        Assert.Equal("mplp_production", (string?)initdb["database"]);
        Assert.Equal("mplp", (string?)initdb["owner"]);
        Assert.Equal(AppSecret, (string?)initdb["secret"]!["name"]);
        Assert.True((bool)cluster["enableSuperuserAccess"]!);
        Assert.Equal(SuperuserSecret, (string?)cluster["superuserSecret"]!["name"]);
        Assert.Equal("100Gi", (string?)cluster["storage"]!["size"]);
        Assert.Equal("fast-ssd", (string?)cluster["storage"]!["storageClass"]);
        var resources = cluster["resources"]!;
        Assert.Equal("2Gi", (string?)resources["requests"]!["memory"]);
        Assert.Equal("1000m", (string?)resources["requests"]!["cpu"]);
        Assert.Equal("4Gi", (string?)resources["limits"]!["memory"]);
        Assert.Equal("2000m", (string?)resources["limits"]!["cpu"]);
    }

    [Fact]
    public async Task Template_GuideProductionWithHa_PrimaryAndTwoReplicasOnDifferentNodes()
    {
        var cluster = ClusterOf(await TemplateAsync(ProductionHa));

        Assert.Equal(3, (long)cluster["instances"]!);  // readReplicas.replicaCount 2 beside the primary
        Assert.Equal("required", (string?)cluster["affinity"]!["podAntiAffinityType"]);
        Assert.Equal("100Gi", (string?)cluster["storage"]!["size"]);
    }

    [Fact]
    public async Task Template_GuideProduction_PasswordsOnlyInBasicAuthSecrets()
    {
        var manifests = await TemplateAsync(Production);

        var app = manifests.Single("Secret", AppSecret);
        Assert.Equal("kubernetes.io/basic-auth", (string?)app["type"]);
        Assert.Equal("mplp", (string?)app["stringData"]!["username"]);
        Assert.Equal("secure-mplp-password", (string?)app["stringData"]!["password"]);
        var superuser = manifests.Single("Secret", SuperuserSecret);
        Assert.Equal("kubernetes.io/basic-auth", (string?)superuser["type"]);
        Assert.Equal("postgres", (string?)superuser["stringData"]!["username"]);
        Assert.Equal("secure-postgres-password", (string?)superuser["stringData"]!["password"]);
        AssertOnlySecretsHold(manifests, "secure-mplp-password", "secure-postgres-password");
    }

    [Fact]
    public async Task Template_GuideProduction_PodsConnectAsTheOwnerToTheGuidesDatabase()
    {
        var manifests = await TemplateAsync(Production);

        foreach (var deployment in manifests.OfKind("Deployment").Where(d => !ComponentOf(d).StartsWith("agent", StringComparison.Ordinal)))
        {
            var container = MainContainerOf(deployment);
            Assert.Equal(AppSecret, (string?)EnvEntry(container, "PGUSER")!["valueFrom"]!["secretKeyRef"]!["name"]);
            Assert.Equal(AppSecret, (string?)EnvEntry(container, "PGPASSWORD")!["valueFrom"]!["secretKeyRef"]!["name"]);
            Assert.Contains(";Database=mplp_production;Username=$(PGUSER);Password=$(PGPASSWORD);", EnvValue(container, "Mplp__Postgres__ConnectionString"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Template_NoPasswordsInValues_OperatorGeneratesTheCredentials()
    {
        var manifests = await TemplateAsync("", "postgresql.enabled=true", "global.storageClass=standard");

        var cluster = ClusterOf(manifests);
        Assert.Equal(1, (long)cluster["instances"]!);
        var initdb = cluster["bootstrap"]!["initdb"]!;
        Assert.Equal("mplp", (string?)initdb["database"]);
        Assert.Null(initdb["secret"]);
        Assert.Null(cluster["enableSuperuserAccess"]);
        Assert.Null(cluster["superuserSecret"]);
        Assert.Equal("20Gi", (string?)cluster["storage"]!["size"]);
        Assert.Equal("standard", (string?)cluster["storage"]!["storageClass"]);
        Assert.DoesNotContain(manifests.OfKind("Secret"), s => ComponentOf(s) == "postgresql");
        // The operator's generated Secret has the same name, so the pods read it alike.
        Assert.Equal(AppSecret, (string?)EnvEntry(MainContainerOf(manifests.Single("Deployment", $"{Release}-plan")), "PGPASSWORD")!["valueFrom"]!["secretKeyRef"]!["name"]);
    }

    [Fact]
    public async Task Template_ExistingSecret_ReplacesThePasswordAndIsNotRendered()
    {
        var manifests = await TemplateAsync(Production, "postgresql.auth.existingSecret=pg-owner");

        Assert.Equal("pg-owner", (string?)ClusterOf(manifests)["bootstrap"]!["initdb"]!["secret"]!["name"]);
        Assert.Equal("pg-owner", (string?)EnvEntry(MainContainerOf(manifests.Single("Deployment", $"{Release}-role")), "PGPASSWORD")!["valueFrom"]!["secretKeyRef"]!["name"]);
        Assert.DoesNotContain(manifests.OfKind("Secret"), s => Manifests.NameOf(s) == AppSecret);
        Assert.DoesNotContain(manifests.All, o => o.ToJsonString().Contains("secure-mplp-password", StringComparison.Ordinal));
        manifests.Single("Secret", SuperuserSecret);
    }

    [Fact]
    public async Task Template_GuideSecurityOnProduction_ExternalSecretsProduceTheCredentialsSecrets()
    {
        var manifests = await TemplateAsync("guide/production-values.yaml,guide/security-values.yaml");

        // The same names: the ExternalSecrets (secrets.external) fill them from the provider.
        var cluster = ClusterOf(manifests);
        Assert.Equal(AppSecret, (string?)cluster["bootstrap"]!["initdb"]!["secret"]!["name"]);
        Assert.Equal(SuperuserSecret, (string?)cluster["superuserSecret"]!["name"]);
        Assert.DoesNotContain(manifests.OfKind("Secret"), s => ComponentOf(s) == "postgresql");
        Assert.DoesNotContain(manifests.All, o => o.ToJsonString().Contains("secure-postgres-password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Template_ExternalSecretsWithoutPasswordsInValues_ClusterUsesTheProvidersSecrets()
    {
        var manifests = await TemplateAsync("", "postgresql.enabled=true", "secrets.external.enabled=true", @"security.serviceAccount.annotations.eks\.amazonaws\.com/role-arn=arn:aws:iam::1:role/mplp");

        var cluster = ClusterOf(manifests);
        Assert.Equal(AppSecret, (string?)cluster["bootstrap"]!["initdb"]!["secret"]!["name"]);
        Assert.True((bool)cluster["enableSuperuserAccess"]!);
        Assert.Equal(SuperuserSecret, (string?)cluster["superuserSecret"]!["name"]);
        Assert.DoesNotContain(manifests.OfKind("Secret"), s => ComponentOf(s) == "postgresql");
    }

    [Theory]
    [InlineData("postgresql.primary.persistence.enabled=false", "cannot run without one")]
    [InlineData("postgresql.instances=3", "instances")]
    [InlineData("postgresql.architecture=cluster", "architecture")]
    [InlineData("postgresql.primary.persistence.size=lots", "size")]
    public async Task Template_UnworkablePostgres_IsRefusedWithTheReason(string set, string reason)
    {
        var error = await RefusedAsync("", "postgresql.enabled=true", set);

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    private static JsonNode ClusterOf(Manifests manifests) => manifests.Single("Cluster", $"{Release}-postgresql")["spec"]!;

    /// <summary>Each password appears in a Secret and in no other object (ConfigMap, env literal, annotation).</summary>
    internal static void AssertOnlySecretsHold(Manifests manifests, params string[] passwords)
    {
        foreach (var password in passwords)
        {
            var encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(password));
            var holders = manifests.All.Where(o => o.ToJsonString().Contains(password, StringComparison.Ordinal) || o.ToJsonString().Contains(encoded, StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(holders);
            Assert.All(holders, o => Assert.Equal("Secret", (string?)o["kind"]));
        }
    }
}
