using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mplp.Functions.Mcp;

/// <summary>The MCP server's services: its tools and resources over the module services the API uses.</summary>
public static class McpRegistration
{
    public static IServiceCollection AddMplpMcp(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<McpOptions>(configuration.GetSection(McpOptions.Section));
        services.AddSingleton<AgentTools>();
        services.AddSingleton<ApprovalTools>();
        services.AddSingleton<PlanningTools>();
        services.AddSingleton<McpResources>();
        services.AddSingleton<McpExchanges>();
        return services;
    }
}
