using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mplp.Core;
using Mplp.Core.Configuration;
using Mplp.Functions.Events;
using Mplp.Functions.Http;
using Mplp.Functions.Http.Auth;
using Mplp.Functions.Mcp;
using Mplp.Functions.Modules.Confirms;
using Mplp.Functions.Modules.Plans;
using Mplp.Functions.Modules.Traces;
using Mplp.Functions.Observability;
using Mplp.Functions.OperatorConsole;
using Mplp.Orchestrations.PlanExecution;

namespace Mplp.Functions;

/// <summary>
/// The one place the app's services are registered. Program.cs (Functions host) and the dev host
/// both call it, so a function behaves the same under either host.
/// </summary>
public static class MplpFunctionsRegistration
{
    public static IHostApplicationBuilder AddMplpFunctions(this IHostApplicationBuilder builder)
    {
        builder.Configuration.AddMplpKeyVault(builder.Configuration);
        builder.Services.Configure<ApiOptions>(builder.Configuration.GetSection(ApiOptions.Section));
        builder.Services.AddMplpCore(builder.Configuration);
        builder.AddMplpObservability();
        builder.Services.AddSingleton<HttpEndpoint>();
        builder.Services.AddSingleton<JsonBody>();
        builder.Services.AddSingleton<BearerTokens>();
        builder.Services.AddSingleton<Authenticator>();
        builder.Services.AddSingleton<ApiAccess>();
        builder.Services.AddSingleton<EntityEndpoints>();
        builder.Services.AddSingleton<TraceEventEndpoints>();
        builder.Services.Configure<EventStreamOptions>(builder.Configuration.GetSection(EventStreamOptions.Section));
        builder.Services.AddSingleton<EventStreams>();
        builder.Services.AddSingleton<ApprovalRounds>();
        builder.Services.AddSingleton<PlanExecutions>();
        builder.Services.AddSingleton<AgentResultSubmission>();
        builder.Services.AddMplpMcp(builder.Configuration);
        builder.Services.Configure<ConsoleOptions>(builder.Configuration.GetSection(ConsoleOptions.Section));
        builder.Services.AddSingleton<ConsoleAssets>();
        return builder;
    }
}
