using Microsoft.Extensions.Configuration;
using Mplp.Core.Configuration;

namespace Mplp.Core.Tests.Configuration;

public sealed class KeyVaultConfigurationTests
{
    [Fact]
    public void SettingKeyOf_DoubleDashes_BecomeSectionSeparators()
    {
        Assert.Equal("Mplp:Postgres:ConnectionString", KeyVaultConfiguration.SettingKeyOf("Mplp--Postgres--ConnectionString"));
    }

    [Fact]
    public void AddMplpKeyVault_NoVaultUri_AddsNoSource()
    {
        var builder = new ConfigurationBuilder();
        var current = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [KeyVaultConfiguration.UriKey] = "" }).Build();

        builder.AddMplpKeyVault(current);

        Assert.Empty(builder.Sources);
    }

    [Fact]
    public void AddMplpKeyVault_VaultUri_AddsASource()
    {
        var builder = new ConfigurationBuilder();
        var current = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [KeyVaultConfiguration.UriKey] = "https://example.vault.azure.net/" }).Build();

        builder.AddMplpKeyVault(current);

        Assert.Single(builder.Sources);
    }
}
