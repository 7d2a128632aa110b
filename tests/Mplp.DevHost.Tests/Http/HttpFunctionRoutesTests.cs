using Microsoft.Extensions.Configuration;
using Mplp.DevHost.Functions;
using Mplp.DevHost.Http;
using Mplp.DevHost.Tests.Functions;

namespace Mplp.DevHost.Tests.Http;

public sealed class HttpFunctionRoutesTests
{
    [Theory]
    [InlineData("api", "/api/sample/{id:int?}")]
    [InlineData("", "/sample/{id:int?}")]
    [InlineData("/v1/", "/v1/sample/{id:int?}")]
    public void PatternOf_RoutePrefix_PrefixesTheRoute(string prefix, string expected)
    {
        var function = Assert.Single(FunctionCatalog.Load(
            [SampleFunctions.Metadata("Static", "Static")], new ConfigurationBuilder().Build()));

        Assert.Equal(expected, HttpFunctionRoutes.PatternOf(function, prefix));
        Assert.Equal(["GET"], HttpFunctionRoutes.MethodsOf(function));
    }
}
