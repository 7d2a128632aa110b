using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mplp.Core.Modules.EvidencePacks;

public static class EvidencePackRegistration
{
    public static IServiceCollection AddMplpEvidencePacks(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EvidencePackOptions>(configuration.GetSection(EvidencePackOptions.Section));
        services.AddSingleton<PackSigner>();
        services.AddSingleton<EvidencePackExporter>();
        return services;
    }
}
