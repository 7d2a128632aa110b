using System.Text;
using System.Text.Json.Nodes;
using static Mplp.Deploy.Tests.Chart.ChartRender;

namespace Mplp.Deploy.Tests.Chart;

/// <summary>Where the pods get the PostgreSQL connection string and Key Vault secrets from; passwords only in Secrets.</summary>
public class ChartSecretsTests
{
    /// <summary>The passwords the deployment guide's production-values.yaml writes into values.</summary>
    private static readonly string[] GuidePasswords = ["secure-postgres-password", "secure-mplp-password", "secure-redis-password", "secure-grafana-password"];

    [Theory]
    [InlineData("guide/production-values.yaml")]
    [InlineData(GuideLayered)]
    public async Task Template_GuidePasswords_OccurOnlyInSecrets(string valueFiles)
    {
        var manifests = await TemplateAsync(valueFiles);

        foreach (var password in GuidePasswords)
        {
            var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(password));
            var holders = manifests.All.Where(o => StringsOf(o).Any(s => s.Contains(password, StringComparison.Ordinal) || s.Contains(encoded, StringComparison.Ordinal)));
            Assert.All(holders, o => Assert.Equal("Secret", (string?)o["kind"]));
        }
    }

    [Fact]
    public async Task Notes_GuidePasswords_NamedByKeyWithWhereToMoveThem()
    {
        var notes = await NotesAsync("guide/production-values.yaml");

        Assert.Contains("passwords in values: postgresql.auth.password, postgresql.auth.postgresPassword, redis.auth.password.", notes, StringComparison.Ordinal);
        Assert.Contains("Move them to existing Secrets", notes, StringComparison.Ordinal);
        Assert.All(GuidePasswords, p => Assert.DoesNotContain(p, notes, StringComparison.Ordinal));
        Assert.Contains("They are not used: secrets.external is on", await NotesAsync(GuideLayered), StringComparison.Ordinal);
        Assert.DoesNotContain("passwords in values", await NotesAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_Defaults_ReadPostgresAndStorageFromExistingSecrets()
    {
        var container = MainContainerOf((await TemplateAsync()).Single("Deployment", $"{Release}-context"));

        var postgres = EnvEntry(container, "Mplp__Postgres__ConnectionString")!["valueFrom"]!["secretKeyRef"]!;
        Assert.Equal("mplp-postgres", (string?)postgres["name"]);
        Assert.Equal("connection-string", (string?)postgres["key"]);
        Assert.Equal("mplp-storage", (string?)EnvEntry(container, "AzureWebJobsStorage")!["valueFrom"]!["secretKeyRef"]!["name"]);
    }

    [Fact]
    public async Task Template_KeyVaultUri_AppReadsTheVaultAndNoSecretIsReferenced()
    {
        var manifests = await TemplateAsync("values-production.yaml");

        var container = MainContainerOf(manifests.Single("Deployment", $"{Release}-context"));
        Assert.Null(EnvEntry(container, "Mplp__Postgres__ConnectionString"));
        Assert.Equal("https://mplp-prod-kv.vault.azure.net/", (string?)manifests.Single("ConfigMap", Release)["data"]!["Mplp__KeyVault__Uri"]);
        Assert.DoesNotContain(manifests.All, o => (string?)o["kind"] == "Secret");
    }

    [Fact]
    public async Task Template_KeyVaultCsi_SyncsSecretsAndMountsTheDriver()
    {
        var manifests = await TemplateAsync("values-production.yaml,values-security.yaml");

        var provider = manifests.Single("SecretProviderClass", $"{Release}-keyvault")["spec"]!;
        Assert.Equal("azure", (string?)provider["provider"]);
        Assert.Equal("mplp-prod-kv", (string?)provider["parameters"]!["keyvaultName"]);
        Assert.Contains("objectName: Mplp--Postgres--ConnectionString", (string)provider["parameters"]!["objects"]!, StringComparison.Ordinal);
        Assert.Equal($"{Release}-keyvault", (string?)provider["secretObjects"]![0]!["secretName"]);
        var deployment = manifests.Single("Deployment", $"{Release}-plan");
        var reference = EnvEntry(MainContainerOf(deployment), "Mplp__Postgres__ConnectionString")!["valueFrom"]!["secretKeyRef"]!;
        Assert.Equal($"{Release}-keyvault", (string?)reference["name"]);
        Assert.Contains(PodSpecOf(deployment)["volumes"]!.AsArray(), v => (string?)v!["csi"]?["volumeAttributes"]?["secretProviderClass"] == $"{Release}-keyvault");
    }

    [Fact]
    public async Task Template_CloudNativePg_ConnectionStringFromTheOperatorsAppSecret()
    {
        var manifests = await TemplateAsync("values-ha.yaml");

        var container = MainContainerOf(manifests.Single("Deployment", $"{Release}-trace"));
        Assert.Equal($"{Release}-postgresql-app", (string?)EnvEntry(container, "PGPASSWORD")!["valueFrom"]!["secretKeyRef"]!["name"]);
        var connection = EnvValue(container, "Mplp__Postgres__ConnectionString")!;
        Assert.Contains($"Host={Release}-postgresql-rw;", connection, StringComparison.Ordinal);
        Assert.Contains("Password=$(PGPASSWORD)", connection, StringComparison.Ordinal);
        // Kubernetes expands $(VAR) only from variables defined earlier in the list.
        var names = container["env"]!.AsArray().Select(e => (string)e!["name"]!).ToList();
        Assert.True(names.IndexOf("PGPASSWORD") < names.IndexOf("Mplp__Postgres__ConnectionString"));
    }

    private static IEnumerable<string> StringsOf(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => StringsOf(p.Value)),
        JsonArray a => a.SelectMany(StringsOf),
        JsonValue v when v.TryGetValue<string>(out var text) => [text],
        _ => [],
    };
}
