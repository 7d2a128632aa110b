using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Configuration;

namespace Mplp.Core.Configuration;

/// <summary>
/// Azure Key Vault as an optional configuration source: when <c>Mplp:KeyVault:Uri</c> is set, every
/// enabled secret becomes a setting (<c>Mplp--Postgres--ConnectionString</c> is
/// <c>Mplp:Postgres:ConnectionString</c>), read with DefaultAzureCredential (managed or workload
/// identity in Azure and on Kubernetes). Local runs set no URI and need no secrets.
/// </summary>
public static class KeyVaultConfiguration
{
    public const string UriKey = "Mplp:KeyVault:Uri";

    public static IConfigurationBuilder AddMplpKeyVault(this IConfigurationBuilder builder, IConfiguration current)
    {
        var uri = current[UriKey];
        if (string.IsNullOrWhiteSpace(uri))
        {
            return builder;
        }

        var client = new SecretClient(new Uri(uri), new DefaultAzureCredential());
        return builder.Add(new KeyVaultSource(client));
    }

    /// <summary>Secret names cannot hold ':'; '--' stands for it, as in the ASP.NET Core provider.</summary>
    public static string SettingKeyOf(string secretName) => secretName.Replace("--", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);

    private sealed class KeyVaultSource(SecretClient client) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => new KeyVaultProvider(client);
    }

    private sealed class KeyVaultProvider(SecretClient client) : ConfigurationProvider
    {
        public override void Load()
        {
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var properties in client.GetPropertiesOfSecrets())
            {
                if (properties.Enabled == true)
                {
                    data[SettingKeyOf(properties.Name)] = client.GetSecret(properties.Name).Value.Value;
                }
            }

            Data = data;
        }
    }
}
