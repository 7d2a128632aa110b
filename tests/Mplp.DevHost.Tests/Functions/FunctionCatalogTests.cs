using Microsoft.Extensions.Configuration;
using Mplp.DevHost.Functions;

namespace Mplp.DevHost.Tests.Functions;

public sealed class FunctionCatalogTests
{
    private static readonly IConfiguration NoSettings = new ConfigurationBuilder().Build();

    [Fact]
    public void Load_EntryPoints_ResolveToTheirMethods()
    {
        var functions = FunctionCatalog.Load(
            [SampleFunctions.Metadata("Static", "Static"), SampleFunctions.Metadata("Instance", "Instance")],
            NoSettings);

        Assert.Equal(typeof(SampleFunctions).GetMethod(nameof(SampleFunctions.Static)), functions[0].Method);
        Assert.Equal(typeof(SampleFunctions).GetMethod(nameof(SampleFunctions.Instance)), functions[1].Method);
        Assert.All(functions, f => Assert.Equal(FunctionKind.Http, f.Kind));
    }

    [Fact]
    public void Load_DisabledOrNotSelected_AreLeftOut()
    {
        IConfiguration settings = new ConfigurationBuilder()
            .AddInMemoryCollection([new("AzureWebJobs.Static.Disabled", "true"), new("AzureFunctionsJobHost:functions:0", "Instance")])
            .Build();

        var functions = FunctionCatalog.Load(
            [SampleFunctions.Metadata("Static", "Static"), SampleFunctions.Metadata("Instance", "Instance"), SampleFunctions.Metadata("Other", "Static")],
            settings);

        Assert.Equal("Instance", Assert.Single(functions).Name);
    }

    [Fact]
    public void Load_UnsupportedTriggerAndMissingMethod_ReportsEveryProblem()
    {
        var refused = Assert.Throws<DevHostConfigurationException>(() => FunctionCatalog.Load(
            [SampleFunctions.Metadata("Blob", "Static", "blobTrigger"), SampleFunctions.Metadata("Gone", "Missing")],
            NoSettings));

        Assert.Equal(2, refused.Errors.Count);
        Assert.Contains(refused.Errors, e => e.Contains("blobTrigger", StringComparison.Ordinal));
        Assert.Contains(refused.Errors, e => e.Contains("Missing", StringComparison.Ordinal));
    }
}
