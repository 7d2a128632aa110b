using System.Net;
using Azure;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;

namespace Mplp.DevHost.Durable;

/// <summary>
/// The Durable Task backend of the dev host: the Azure Storage provider (Azurite locally) behind
/// the Durable Task gRPC sidecar, on a loopback port of its own. The app's worker and client speak
/// gRPC to it, as they do to the Functions host in production.
/// </summary>
/// <remarks>It runs in its own web host so it can be stopped after the app (worker first, or the
/// sidecar's Kestrel waits its whole timeout on the worker's open stream).</remarks>
public sealed class DurableBackend : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(3);

    private readonly WebApplication _sidecar;
    private readonly StopAwareOrchestrationService _service;
    private readonly ILogger _logger;

    private DurableBackend(WebApplication sidecar, StopAwareOrchestrationService service, GrpcChannel channel, ILogger logger)
    {
        _sidecar = sidecar;
        _service = service;
        _logger = logger;
        Channel = channel;
    }

    /// <summary>The channel the app's Durable worker and client use.</summary>
    public GrpcChannel Channel { get; }

    public static async Task<DurableBackend> StartAsync(
        DurableBackendSettings settings,
        IConfiguration configuration,
        Action<ILoggingBuilder> configureLogging,
        CancellationToken cancellationToken)
    {
        await EnsureStorageReachableAsync(settings.ConnectionString, cancellationToken);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        configureLogging(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));

        // The app's host owns Ctrl-C and SIGTERM; this host stops when the app's host has stopped.
        builder.Services.AddSingleton<IHostLifetime, ManualLifetime>();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = StopTimeout);
        builder.Services.AddGrpc();
        builder.Services.Configure<TaskHubGrpcServerOptions>(options => options.Mode = TaskHubGrpcServerMode.ApiServerAndDispatcher);
        builder.Services.AddSingleton(provider => new AzureStorageOrchestrationService(CreateStorageSettings(
            settings, provider.GetRequiredService<ILoggerFactory>())));
        builder.Services.AddSingleton(provider => new StopAwareOrchestrationService(
            provider.GetRequiredService<AzureStorageOrchestrationService>()));
        builder.Services.AddSingleton<IOrchestrationService>(provider => provider.GetRequiredService<StopAwareOrchestrationService>());
        builder.Services.AddSingleton<IOrchestrationServiceClient>(provider => provider.GetRequiredService<AzureStorageOrchestrationService>());
        builder.Services.AddSingleton<TaskHubGrpcServer>();

        var sidecar = builder.Build();
        sidecar.MapGrpcService<TaskHubGrpcServer>();

        // The sidecar only starts the backend; creating the hub's queues, tables and containers is ours to do.
        await sidecar.Services.GetRequiredService<AzureStorageOrchestrationService>().CreateIfNotExistsAsync();
        await sidecar.StartAsync(cancellationToken);

        var address = sidecar.Urls.First();
        var logger = sidecar.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Mplp.DevHost.Durable");
        Logs.DurableBackendStarted(logger, settings.HubName, settings.WorkerId, address);
        return new DurableBackend(
            sidecar,
            sidecar.Services.GetRequiredService<StopAwareOrchestrationService>(),
            GrpcChannel.ForAddress(address),
            logger);
    }

    /// <summary>Stops the sidecar and waits for the backend to release its leases. Call after the app's host has stopped.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(StopTimeout))
        {
            await _sidecar.StopAsync(timeout.Token);
        }

        try
        {
            await _service.Stopped.WaitAsync(StopTimeout);
        }
        catch (TimeoutException)
        {
            // Leases then expire on their own; the same worker id still resumes quickly next time.
            Logs.DurableBackendStopTimedOut(_logger, StopTimeout);
        }

        Channel.Dispose();
        await _sidecar.DisposeAsync();
    }

    /// <summary>One quick request instead of the provider's retries: without storage the host cannot
    /// start, and a developer should hear why at once.</summary>
    private static async Task EnsureStorageReachableAsync(string connectionString, CancellationToken cancellationToken)
    {
        var options = new QueueClientOptions();
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
        var queues = new QueueServiceClient(connectionString, options);
        try
        {
            await queues.GetPropertiesAsync(cancellationToken);
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException or HttpRequestException)
        {
            throw new InvalidOperationException(
                $"The storage account at {queues.Uri} is unreachable ({e.Message}). Start Azurite (./mplp run does) or set AzureWebJobsStorage.",
                e);
        }
    }

    private static AzureStorageOrchestrationServiceSettings CreateStorageSettings(DurableBackendSettings settings, ILoggerFactory loggerFactory)
        => new()
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(settings.ConnectionString),
            TaskHubName = settings.HubName,
            WorkerId = settings.WorkerId,
            LoggerFactory = loggerFactory,
            PartitionCount = settings.Host.PartitionCount,
            MaxQueuePollingInterval = settings.Host.MaxQueuePollingInterval,
            WorkItemQueueVisibilityTimeout = settings.Host.WorkItemQueueVisibilityTimeout,
            ControlQueueVisibilityTimeout = settings.Host.ControlQueueVisibilityTimeout,
        };

    /// <summary>A lifetime that listens to no signal: <see cref="DisposeAsync"/> decides when the sidecar stops.</summary>
    private sealed class ManualLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
