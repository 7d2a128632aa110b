using System.Net;
using Mplp.DevHost.Configuration;
using Mplp.DevHost.Functions;
using Mplp.DevHost.Tests.Hosting;

namespace Mplp.DevHost.Tests;

/// <summary>
/// The product's dev host (functions/Mplp.DevHost) serves the product's own functions.metadata. It
/// runs with the environment ./mplp test exports (PostgreSQL, Azurite), on a task hub of its own.
/// </summary>
public sealed class ProductDevHostTests
{
    [Fact(Timeout = 90_000)]
    public async Task ProductHost_EveryHttpFunctionInMetadata_IsServed()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(80));
        await Azurite.EnsureReachableAsync(cancellation.Token);
        var settings = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = Azurite.ConnectionString,
            ["DevHost__HubName"] = Azurite.UniqueName("DevHostProduct"),
        };
        var appDirectory = BuiltHosts.AppDirectoryOf(BuiltHosts.ProductHost);
        var functions = FunctionMetadata.Load(appDirectory);
        var host = HostSettings.Load(appDirectory);

        await using var product = await DevHostChildProcess.StartAsync(BuiltHosts.ProductHost, settings, cancellation.Token);
        using var http = new HttpClient { BaseAddress = product.BaseAddress };

        using (var health = await http.GetAsync(new Uri("health", UriKind.Relative), cancellation.Token))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        foreach (var function in functions)
        {
            Assert.Contains($"  {function.Name}: {function.Trigger.Type}", product.Output, StringComparison.Ordinal);
            foreach (var request in function.Trigger.IsType(FunctionBinding.HttpTrigger) ? SampleRequests.For(function, host) : [])
            {
                using (request)
                using (var response = await http.SendAsync(request, cancellation.Token))
                {
                    Assert.True(
                        response.Headers.TryGetValues("X-DevHost-Function", out var names) && names.Single() == function.Name,
                        $"{request.Method} {request.RequestUri} did not reach {function.Name}: {(int)response.StatusCode}");
                }
            }
        }
    }
}
