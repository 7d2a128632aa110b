using System.Text.Json.Nodes;

namespace Mplp.Deploy.Tests.Bicep;

/// <summary>
/// What the compiled templates hold the Azure deployment to: no database rule that admits all of
/// Azure, the app's own PostgreSQL login, data behind private endpoints with public access off
/// unless a parameter opens it, and data-plane storage roles only.
/// </summary>
public class BicepSecurityTests
{
    /// <summary>What every public endpoint compiles to: off unless main's parameter opens it.</summary>
    private const string OffUnlessAllowed = "[if(parameters('allowPublicNetworkAccess'), 'Enabled', 'Disabled')]";

    [Fact]
    public async Task Build_Main_PostgresAdmitsNoAllowAllAzureRule()
    {
        var template = await BicepBuild.MainAsync();

        var rules = BicepBuild.ResourcesOf(template).Where(r => (string?)r["type"] == "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules").ToList();
        Assert.All(rules, rule =>
        {
            Assert.NotEqual("0.0.0.0", (string?)rule["properties"]!["startIpAddress"]);
            // Only operators' addresses, and only while public access is allowed.
            Assert.Contains("parameters('allowPublicNetworkAccess')", (string?)rule["copy"]?["count"] ?? "", StringComparison.Ordinal);
        });
        Assert.DoesNotContain("AllowAllAzureServices", template.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_Main_StorageVaultAndPostgresPublicAccessOffUnlessAllowed()
    {
        var template = await BicepBuild.MainAsync();

        Assert.False((bool)template["parameters"]!["allowPublicNetworkAccess"]!["defaultValue"]!);
        foreach (var module in new[] { "storage", "keyvault", "postgres" })
        {
            Assert.Equal("[parameters('allowPublicNetworkAccess')]", (string?)BicepBuild.Module(template, module)["properties"]!["parameters"]!["allowPublicNetworkAccess"]!["value"]);
        }

        var account = BicepBuild.Single(template, "Microsoft.Storage/storageAccounts")["properties"]!;
        var vault = BicepBuild.Single(template, "Microsoft.KeyVault/vaults")["properties"]!;
        var server = BicepBuild.Single(template, "Microsoft.DBforPostgreSQL/flexibleServers")["properties"]!;
        Assert.Equal(OffUnlessAllowed, (string?)account["publicNetworkAccess"]);
        Assert.Equal(OffUnlessAllowed, (string?)vault["publicNetworkAccess"]);
        Assert.Equal(OffUnlessAllowed, (string?)server["network"]!["publicNetworkAccess"]);
        // Even when allowed, only the operators' addresses get in.
        Assert.Equal("Deny", (string?)account["networkAcls"]!["defaultAction"]);
        Assert.Equal("Deny", (string?)vault["networkAcls"]!["defaultAction"]);
    }

    [Fact]
    public async Task Build_Main_AppReachesStorageVaultAndPostgresThroughPrivateEndpoints()
    {
        var template = await BicepBuild.MainAsync();

        var network = BicepBuild.Module(template, "network")["properties"]!;
        var endpoints = network["template"]!["variables"]!["endpoints"]!.AsArray();
        Assert.Equal(["blob", "postgresqlServer", "queue", "table", "vault"], endpoints.Select(e => (string)e!["groupId"]!).Order(StringComparer.Ordinal));
        var targets = endpoints.ToDictionary(e => (string)e!["groupId"]!, e => (string)e!["target"]!);
        Assert.Equal("[parameters('storageAccountId')]", targets["queue"]);
        Assert.Equal("[parameters('keyVaultId')]", targets["vault"]);
        Assert.Equal("[parameters('postgresServerId')]", targets["postgresqlServer"]);
        Assert.Contains("outputs.id.value", (string)network["parameters"]!["postgresServerId"]!["value"]!, StringComparison.Ordinal);
        Assert.Single(BicepBuild.ResourcesOf(template), r => (string?)r["type"] == "Microsoft.Network/privateEndpoints");
        var site = BicepBuild.Single(template, "Microsoft.Web/sites");
        Assert.Equal("[parameters('subnetId')]", (string?)site["properties"]!["virtualNetworkSubnetId"]);
        Assert.Equal("[reference('network').outputs.appSubnetId.value]", (string?)BicepBuild.Module(template, "functionapp")["properties"]!["parameters"]!["subnetId"]!["value"]);
    }

    [Fact]
    public async Task Build_Main_AppIdentityHoldsDataRolesNotStorageAccountContributor()
    {
        var template = await BicepBuild.MainAsync();

        const string storageAccountContributor = "17d1049b-9a84-46fb-8f53-869881c3d3ab";
        Assert.DoesNotContain(storageAccountContributor, template.ToJsonString(), StringComparison.Ordinal);
        var roles = BicepBuild.Module(template, "roles")["properties"]!["template"]!["variables"]!["storageRoles"]!.AsArray().Select(r => (string)r!).ToList();
        Assert.Equal(3, roles.Count);
        Assert.All(roles, r => Assert.StartsWith("[variables('roles').storage", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Build_Main_ConnectionStringNamesTheAppLoginNotTheAdministrator()
    {
        var template = await BicepBuild.MainAsync();

        var secret = (string)BicepBuild.Single(template, "Microsoft.KeyVault/vaults/secrets")["properties"]!["value"]!;
        Assert.Contains("parameters('appLogin')", secret, StringComparison.Ordinal);
        Assert.Contains("parameters('appPassword')", secret, StringComparison.Ordinal);
        Assert.DoesNotContain("admin", secret, StringComparison.OrdinalIgnoreCase);
        var parameters = template["parameters"]!;
        Assert.NotEqual((string?)parameters["postgresAdminLogin"]!["defaultValue"], (string?)parameters["postgresAppLogin"]!["defaultValue"]);
        Assert.Null(parameters["postgresAppPassword"]!["defaultValue"]);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("203.0.113.7, 198.51.100.9", true)]
    public async Task BuildParams_OperatorAddresses_AloneOpenThePublicEndpoints(string? operatorIps, bool open)
    {
        var parameters = await BicepBuild.RunAsync(
            ["build-params", Path.Combine(BicepBuild.Folder, "main.bicepparam"), "--stdout"],
            new Dictionary<string, string?> { ["MPLP_POSTGRES_ADMIN_PASSWORD"] = "not-a-real-password-1A!", ["MPLP_POSTGRES_APP_PASSWORD"] = "not-a-real-password-2B!", ["MPLP_OPERATOR_IPS"] = operatorIps });

        var values = JsonNode.Parse((string)parameters["parametersJson"]!)!["parameters"]!;
        Assert.Equal(open, (bool)values["allowPublicNetworkAccess"]!["value"]!);
        Assert.Equal(open ? ["203.0.113.7", "198.51.100.9"] : [], values["operatorIpAddresses"]!["value"]!.AsArray().Select(a => (string)a!));
        Assert.Equal("mplp_app", (string?)values["postgresAppLogin"]!["value"]);
    }
}
