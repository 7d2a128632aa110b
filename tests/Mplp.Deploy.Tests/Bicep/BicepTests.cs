using System.Text.Json.Nodes;

namespace Mplp.Deploy.Tests.Bicep;

/// <summary>infra/bicep compiles with the bicep CLI (NuGet Azure.Bicep.CommandLine.linux-x64) and declares what Azure needs.</summary>
public class BicepTests
{
    /// <summary>Built-in role definition ids (the same in every tenant) the keyless app cannot run without.</summary>
    private static readonly Dictionary<string, string> AppIdentityRoles = new()
    {
        ["Storage Blob Data Owner"] = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
        ["Storage Queue Data Contributor"] = "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
        ["Storage Table Data Contributor"] = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
        ["Key Vault Secrets User"] = "4633458b-17de-408a-b874-0445c86b69e6",
        ["Monitoring Metrics Publisher"] = "3913510d-42f4-4e42-8a64-420c390055eb",
    };

    [Fact]
    public async Task Lint_MainAndModules_ReportNothing()
    {
        foreach (var file in Directory.EnumerateFiles(BicepBuild.Folder, "*.bicep", SearchOption.AllDirectories))
        {
            var result = await Processes.RunAsync(Repository.BicepPath, ["lint", file]);

            // bicep lint exits 0 on warnings too: a clean file prints nothing.
            Assert.True(result.ExitCode == 0 && result.Output.Trim().Length == 0 && result.Error.Trim().Length == 0, $"{file}: {result.Describe()}");
        }
    }

    [Fact]
    public async Task Build_Main_DeclaresTheAppItsDataAndItsIdentitysRoles()
    {
        var template = await BicepBuild.MainAsync();

        var resources = BicepBuild.ResourcesOf(template).ToList();
        var types = resources.Select(r => (string)r["type"]!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Superset(
            new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "Microsoft.Web/serverfarms", "Microsoft.Web/sites", "Microsoft.Storage/storageAccounts",
                "Microsoft.DBforPostgreSQL/flexibleServers", "Microsoft.DBforPostgreSQL/flexibleServers/databases",
                "Microsoft.KeyVault/vaults", "Microsoft.KeyVault/vaults/secrets", "Microsoft.Insights/components",
                "Microsoft.OperationalInsights/workspaces", "Microsoft.Authorization/roleAssignments",
            },
            types);

        var site = resources.Single(r => (string)r["type"]! == "Microsoft.Web/sites");
        Assert.Equal("SystemAssigned", (string?)site["identity"]!["type"]);
        Assert.True((bool)site["properties"]!["httpsOnly"]!);
        var vault = resources.Single(r => (string)r["type"]! == "Microsoft.KeyVault/vaults");
        Assert.True((bool)vault["properties"]!["enableRbacAuthorization"]!);
        var account = resources.Single(r => (string)r["type"]! == "Microsoft.Storage/storageAccounts");
        Assert.False((bool)account["properties"]!["allowSharedKeyAccess"]!);
        var compiled = template.ToJsonString();
        foreach (var (role, id) in AppIdentityRoles)
        {
            Assert.True(compiled.Contains(id, StringComparison.Ordinal), $"the app's identity is not granted {role}");
        }

        foreach (var setting in new[] { "Mplp--Postgres--ConnectionString", "AzureWebJobsStorage__accountName", "Mplp__KeyVault__Uri", "Mplp__Storage__TableServiceUri", "Mplp__Storage__QueueServiceUri", "Mplp__Agents__ResultsQueue", "Mplp__Auth__Authority", "Mplp__Auth__Audience" })
        {
            Assert.Contains(setting, compiled, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task BuildParams_WithThePasswordInTheEnvironment_Compiles()
    {
        var parameters = await BicepBuild.RunAsync(
            ["build-params", Path.Combine(BicepBuild.Folder, "main.bicepparam"), "--stdout"],
            new Dictionary<string, string?> { ["MPLP_POSTGRES_ADMIN_PASSWORD"] = "not-a-real-password-1A!", ["MPLP_POSTGRES_APP_PASSWORD"] = "not-a-real-password-2B!", ["MPLP_ADMIN_OBJECT_IDS"] = "a, b" });

        var values = JsonNode.Parse((string)parameters["parametersJson"]!)!["parameters"]!;
        Assert.Equal("FlexConsumption", (string?)values["plan"]!["value"]);
        Assert.Equal(["a", "b"], values["authAdmins"]!["value"]!.AsArray().Select(a => (string)a!));
    }

    [Fact]
    public async Task BuildParams_WithoutThePassword_Fails()
    {
        var environment = new Dictionary<string, string?> { ["MPLP_POSTGRES_ADMIN_PASSWORD"] = null };
        var result = await Processes.RunAsync(Repository.BicepPath, ["build-params", Path.Combine(BicepBuild.Folder, "main.bicepparam"), "--stdout"], environment);

        Assert.NotEqual(0, result.ExitCode);
    }
}
