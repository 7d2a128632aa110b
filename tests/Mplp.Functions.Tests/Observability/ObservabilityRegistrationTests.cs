using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mplp.Functions.Observability;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Mplp.Functions.Tests.Observability;

/// <summary>
/// The chart tells pods apart by resource attributes (OTEL_RESOURCE_ATTRIBUTES: service.version,
/// deployment.environment.name): the app's telemetry must carry what that setting says.
/// </summary>
public sealed class ObservabilityRegistrationTests
{
    [Fact]
    public void AddMplpObservability_ResourceAttributesSetting_OnEverySpansResource()
    {
        var attributes = ResourceOf(new() { ["OTEL_RESOURCE_ATTRIBUTES"] = "service.version=1.0.0-alpha,deployment.environment.name=production" });

        Assert.Equal("production", attributes["deployment.environment.name"]);
        Assert.Equal("1.0.0-alpha", attributes["service.version"]);
        Assert.Equal(ObservabilityRegistration.DefaultServiceName, attributes["service.name"]);
    }

    [Fact]
    public void AddMplpObservability_NoResourceAttributesSetting_NoEnvironment()
    {
        var attributes = ResourceOf([]);

        Assert.False(attributes.ContainsKey("deployment.environment.name"));
    }

    private static Dictionary<string, object> ResourceOf(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddMplpObservability();
        using var host = builder.Build();
        return host.Services.GetRequiredService<TracerProvider>().GetResource().Attributes.ToDictionary(a => a.Key, a => a.Value);
    }
}
