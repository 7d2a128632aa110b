using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Mplp.DevHost.Functions;
using Mplp.DevHost.Invocation;
using Mplp.DevHost.Tests.Functions;

namespace Mplp.DevHost.Tests.Invocation;

public sealed class FunctionInvokerTests
{
    private static readonly IConfiguration NoSettings = new ConfigurationBuilder().Build();

    [Fact]
    public void Create_UnbindableParametersAndOutputBindings_ReportsEachAtStartup()
    {
        var unbindable = Describe(SampleFunctions.Metadata(
            "Unbindable", "Unbindable", extraBindings: """, { "name": "$return", "direction": "Out", "type": "blob" }"""));

        var refused = Assert.Throws<DevHostConfigurationException>(() => FunctionInvoker.Create(unbindable));

        Assert.Equal(4, refused.Errors.Count);
        Assert.Contains(refused.Errors, e => e.Contains("'request'", StringComparison.Ordinal));
        Assert.Contains(refused.Errors, e => e.Contains("'somethingElse'", StringComparison.Ordinal));
        Assert.Contains(refused.Errors, e => e.Contains("'another'", StringComparison.Ordinal));
        Assert.Contains(refused.Errors, e => e.Contains("blob", StringComparison.Ordinal));
    }

    [Fact(Timeout = 5_000)]
    public async Task InvokeAsync_InstanceMethodWithFunctionContext_CreatesClassAndAwaitsResult()
    {
        var invoker = FunctionInvoker.Create(Describe(ActivityMetadata("Instance", "Instance")));
        await using var services = new ServiceCollection().BuildServiceProvider();

        var result = await invoker.InvokeAsync(invoker.CreateContext(services, "input", null, CancellationToken.None));

        Assert.Equal("Instance".Length, result);
        Assert.Equal(typeof(int), invoker.ResultType);
    }

    [Fact(Timeout = 5_000)]
    public async Task InvokeAsync_StaticMethod_NeedsNoInstance()
    {
        var invoker = FunctionInvoker.Create(Describe(ActivityMetadata("Static", "Static")));
        await using var services = new ServiceCollection().BuildServiceProvider();

        var result = await invoker.InvokeAsync(invoker.CreateContext(services, "input", null, CancellationToken.None));

        Assert.Equal("static", result);
    }

    /// <summary>The sample trigger parameters are strings, which an HTTP trigger cannot bind: describe them as activities, whose input is passed through.</summary>
    private static FunctionMetadata ActivityMetadata(string name, string method) => SampleFunctions.Metadata(name, method, "activityTrigger");

    private static FunctionDescriptor Describe(FunctionMetadata metadata) => Assert.Single(FunctionCatalog.Load([metadata], NoSettings));
}
