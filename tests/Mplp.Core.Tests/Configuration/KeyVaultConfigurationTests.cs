using Microsoft.Extensions.Configuration;
using Mplp.Core.Configuration;

namespace Mplp.Core.Tests.Configuration;

public sealed class KeyVaultConfigurationTests
{
    [Fact(Timeout = 5_000)]
    public async Task SettingKeyOf_DoubleDashes_BecomeSectionSeparators()
    {
        await Task.Yield();
        Assert.Equal("Mplp:Postgres:ConnectionString", KeyVaultConfiguration.SettingKeyOf("Mplp--Postgres--ConnectionString"));
    }

    [Fact(Timeout = 5_000)]
    public async Task AddMplpKeyVault_NoVaultUri_AddsNoSource()
    {
        await Task.Yield();
        var builder = new ConfigurationBuilder();
        var current = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [KeyVaultConfiguration.UriKey] = "" }).Build();

        builder.AddMplpKeyVault(current);

        Assert.Empty(builder.Sources);
    }

    [Fact(Timeout = 5_000)]
    public async Task AddMplpKeyVault_VaultUri_AddsASource()
    {
        await Task.Yield();
        var builder = new ConfigurationBuilder();
        var current = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [KeyVaultConfiguration.UriKey] = "https://example.vault.azure.net/" }).Build();

        builder.AddMplpKeyVault(current);

        Assert.Single(builder.Sources);
    }
}
