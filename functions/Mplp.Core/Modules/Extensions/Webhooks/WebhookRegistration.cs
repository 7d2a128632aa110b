using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Mplp.Core.Storage;

namespace Mplp.Core.Modules.Extensions.Webhooks;

public static class WebhookRegistration
{
    /// <summary>Webhook subscriptions: their secrets (Data Protection, keys in PostgreSQL), the SSRF rules, the fan-out and the sender.</summary>
    public static IServiceCollection AddMplpWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));
        // One application name: every instance (and both hosts) must read what another protected.
        services.AddDataProtection().SetApplicationName("mplp");
        services.AddSingleton<PostgresXmlRepository>();
        services.AddOptions<KeyManagementOptions>().Configure<PostgresXmlRepository>((options, repository) => options.XmlRepository = repository);
        services.AddSingleton<WebhookTargets>();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookDeliveries>();
        services.AddSingleton<WebhookFanOut>();
        services.AddHostedService<WebhookSender>();
        return services;
    }
}
