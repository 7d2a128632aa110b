using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mplp.Core.Access;
using Mplp.Core.Agents;
using Mplp.Core.Caching;
using Mplp.Core.Configuration;
using Mplp.Core.Documents;
using Mplp.Core.Events;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Confirms;
using Mplp.Core.Modules.Contexts;
using Mplp.Core.Modules.CoreManifest;
using Mplp.Core.Modules.EvidencePacks;
using Mplp.Core.Modules.Extensions.Webhooks;
using Mplp.Core.Modules.Networks;
using Mplp.Core.Modules.Plans;
using Mplp.Core.Modules.Roles;
using Mplp.Core.Modules.Traces;
using Mplp.Core.Observability;
using Mplp.Core.Protocol;
using Mplp.Core.Storage;
using Npgsql;

namespace Mplp.Core;

public static class MplpCoreRegistration
{
    /// <summary>Options, PostgreSQL, the event log, the outbox dispatcher and every module's services.</summary>
    public static IServiceCollection AddMplpCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PostgresOptions>(configuration.GetSection(PostgresOptions.Section));
        services.Configure<StorageOptions>(configuration.GetSection(StorageOptions.Section));
        services.Configure<EventLogOptions>(configuration.GetSection(EventLogOptions.Section));
        services.Configure<NetworkOptions>(configuration.GetSection(NetworkOptions.Section));
        services.Configure<AuthOptions>(configuration.GetSection(AuthOptions.Section));
        services.Configure<ExecutionOptions>(configuration.GetSection(ExecutionOptions.Section));
        services.Configure<AgentOptions>(configuration.GetSection(AgentOptions.Section));
        services.Configure<LimitsOptions>(configuration.GetSection(LimitsOptions.Section));
        services.Configure<PublicUrlOptions>(configuration.GetSection(PublicUrlOptions.Section));
        services.Configure<ModulesOptions>(configuration.GetSection(ModulesOptions.Section));
        services.Configure<RedisOptions>(configuration.GetSection(RedisOptions.Section));

        services.AddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<MplpMetrics>();
        services.AddSingleton<PlatformGauges>();
        services.AddSingleton<DatabasePoolGauges>();
        services.AddSingleton(_ => MplpSchemas.Load());
        services.AddSingleton(sp => DataSourceOf(RequiredPostgres(sp)));
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<MplpDatabase>();
        services.AddSingleton<EventedWrites>();
        services.AddSingleton<OutboxDeadLetters>();
        services.AddSingleton<DocumentStore>();
        services.AddSingleton(sp => TableServiceOf(sp.GetRequiredService<IOptions<StorageOptions>>().Value, configuration));
        services.AddSingleton<EventLog>();
        services.AddSingleton(sp => QueueServiceOf(sp.GetRequiredService<IOptions<StorageOptions>>().Value, configuration));
        services.AddSingleton<IAgentTransport, StorageQueueAgentTransport>();
        services.AddSingleton<AgentWorkLedger>();
        services.AddSingleton<AgentWork>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<TraceEventWriter>();
        services.AddSingleton<EventNotifications>();
        services.AddHostedService(sp => sp.GetRequiredService<EventNotifications>());
        services.AddSingleton<EventFeed>();
        services.AddSingleton<TraceEventBatch>();
        services.AddHostedService<OutboxDispatcher>();

        services.AddSingleton<ContextEvents>();
        services.AddSingleton<EntityService>();
        services.AddSingleton<ConfirmDecisions>();
        services.AddSingleton<ApprovalPolicies>();
        services.AddSingleton<ConfirmDeciders>();
        services.AddSingleton<ConfirmImports>();
        services.AddSingleton<ApprovalNotices>();
        services.AddSingleton<PlanApprovals>();
        services.AddSingleton<InstanceManifest>();
        services.AddSingleton<DeploymentModules>();
        services.AddSingleton<ModuleGate>();
        services.AddSingleton<NetworkHeartbeats>();
        services.AddSingleton<NetworkNodes>();
        services.AddSingleton<NetworkRegions>();
        services.AddSingleton<PrincipalGrants>();
        services.AddSingleton<CacheInvalidation>();
        services.AddHostedService(sp => sp.GetRequiredService<CacheInvalidation>());
        services.AddSingleton<RoleAssignments>();
        services.AddSingleton<ApiKeys>();
        services.AddSingleton<TraceBindings>();
        services.AddMplpWebhooks(configuration);
        services.AddMplpEvidencePacks(configuration);
        return services;
    }

    /// <summary>
    /// No automatic preparation (<c>Max Auto Prepare</c>): Npgsql 10.0.3 prepares a statement during
    /// the execution that reaches its fifth use on a connection, and if PostgreSQL refuses a parameter
    /// of that execution (a \u0000 jsonb cannot hold: client input), it keeps the statement as prepared
    /// without its result description; the next execution there throws "Received unexpected backend
    /// message DataRow" although PostgreSQL ran it. The hot statements are prepared explicitly instead
    /// (<see cref="EventedWrites"/>, <see cref="DocumentStore"/>, <see cref="PrincipalGrants"/>).
    /// </summary>
    private static NpgsqlDataSource DataSourceOf(string connectionString)
        => new NpgsqlDataSourceBuilder(connectionString) { Name = DatabasePoolGauges.PoolName }.Build();

    private static string RequiredPostgres(IServiceProvider services)
    {
        var connectionString = services.GetRequiredService<IOptions<PostgresOptions>>().Value.ConnectionString;
        return string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException($"Set {PostgresOptions.Section}:ConnectionString (environment: Mplp__Postgres__ConnectionString).")
            : connectionString;
    }

    /// <summary>Agent queues live where the Functions host's queue triggers read: the AzureWebJobsStorage account.</summary>
    private static QueueServiceClient QueueServiceOf(StorageOptions options, IConfiguration configuration)
    {
        if (options.QueueServiceUri is { } uri)
        {
            return new QueueServiceClient(uri, new DefaultAzureCredential());
        }

        var connectionString = configuration["AzureWebJobsStorage"];
        return new QueueServiceClient(string.IsNullOrWhiteSpace(connectionString) ? "UseDevelopmentStorage=true" : connectionString);
    }

    private static TableServiceClient TableServiceOf(StorageOptions options, IConfiguration configuration)
    {
        if (options.TableServiceUri is { } uri)
        {
            return new TableServiceClient(uri, new DefaultAzureCredential());
        }

        var connectionString = string.IsNullOrWhiteSpace(options.ConnectionString) ? configuration["AzureWebJobsStorage"] : options.ConnectionString;
        return new TableServiceClient(string.IsNullOrWhiteSpace(connectionString) ? "UseDevelopmentStorage=true" : connectionString);
    }
}
