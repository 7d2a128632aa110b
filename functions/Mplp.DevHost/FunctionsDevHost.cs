using System.Diagnostics;
using System.Net;
using Mplp.DevHost.Configuration;
using Mplp.DevHost.Durable;
using Mplp.DevHost.Functions;
using Mplp.DevHost.Http;
using Mplp.DevHost.Invocation;
using Mplp.DevHost.Queues;
using Mplp.DevHost.Timers;

namespace Mplp.DevHost;

/// <summary>
/// A running dev host: the app's HTTP functions on Kestrel, its queue triggers on Storage queues,
/// its timer triggers on their schedules, its orchestrators and activities on a Durable Task worker, all with the app's own services.
/// </summary>
public sealed class FunctionsDevHost : IAsyncDisposable
{
    public const int DefaultPort = 7071;

    /// <summary>Short, so Ctrl-C returns the terminal quickly; local requests and messages are short too.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(2);

    private readonly WebApplication _app;
    private readonly DurableBackend? _backend;
    private readonly ILogger _logger;

    private readonly Stopwatch _stopping = new();

    private FunctionsDevHost(WebApplication app, DurableBackend? backend, ILogger logger)
    {
        _app = app;
        _backend = backend;
        _logger = logger;
        app.Lifetime.ApplicationStopping.Register(_stopping.Start);
    }

    /// <summary>The base URL the HTTP functions are served on.</summary>
    public string Url => _app.Urls.First();

    public IServiceProvider Services => _app.Services;

    /// <param name="args">Command line: <c>--port N</c> (0 picks a free port), <c>--hub NAME</c>, or any <c>--Key value</c> setting.</param>
    /// <param name="appDirectory">Where the app's functions.metadata, host.json and local.settings.json are.</param>
    /// <param name="configureApp">The app's service registration, shared with its Functions Program.cs.</param>
    /// <exception cref="DevHostConfigurationException">The app has functions or bindings the dev host cannot serve.</exception>
    public static async Task<FunctionsDevHost> StartAsync(
        string[] args,
        string appDirectory,
        Action<IHostApplicationBuilder> configureApp,
        CancellationToken cancellationToken = default)
    {
        appDirectory = Path.GetFullPath(appDirectory);
        var host = HostSettings.Load(appDirectory);
        var metadata = FunctionMetadata.Load(appDirectory);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = appDirectory,
            EnvironmentName = Environment.GetEnvironmentVariable("AZURE_FUNCTIONS_ENVIRONMENT") ?? Environments.Development,
        });
        FunctionsConfiguration.Apply(builder.Configuration, appDirectory, args, DevHostLogging.DefaultLevels(host));
        DevHostLogging.Configure(builder.Logging);

        IReadOnlyList<FunctionInvoker> invokers = CreateInvokers(
            FunctionCatalog.Load(metadata, builder.Configuration),
            QueueOutput.Factory(builder.Configuration, host.Queues));
        configureApp(builder);
        builder.Services.AddMvcCore();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);
        var port = builder.Configuration.GetValue("DevHost:Port", DefaultPort);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));

        // Registered (and its queue names checked) before the Durable backend starts, so a bad name fails fast.
        QueueTriggerRegistration.Add(builder.Services, OfKind(invokers, FunctionKind.Queue), builder.Configuration, host.Queues);
        var timers = TimerTriggerRegistration.Add(builder.Services, OfKind(invokers, FunctionKind.Timer), builder.Configuration);

        var root = new RootServices();
        var backend = NeedsDurable(invokers)
            ? await DurableBackend.StartAsync(
                DurableBackendSettings.From(host, builder.Configuration, appDirectory),
                builder.Configuration,
                DevHostLogging.Configure,
                cancellationToken)
            : null;
        WebApplication? app = null;
        try
        {
            if (backend is not null)
            {
                DurableFunctionRegistration.Add(builder.Services, backend, OfKind(invokers, FunctionKind.Orchestration), OfKind(invokers, FunctionKind.Activity), root);
            }

            app = builder.Build();
            root.Services = app.Services;
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Mplp.DevHost");
            HttpFunctionEndpoints.Map(app, OfKind(invokers, FunctionKind.Http), host.RoutePrefix, logger);

            await app.StartAsync(cancellationToken);
            var devHost = new FunctionsDevHost(app, backend, logger);
            devHost.LogFunctions(invokers, host, timers, builder.Configuration, appDirectory);
            return devHost;
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            if (backend is not null)
            {
                await backend.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Completes when Ctrl-C or SIGTERM has stopped the app's host.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops the app (HTTP, queue listeners, Durable worker) first, then the Durable backend.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_app.Lifetime.ApplicationStopped.IsCancellationRequested)
        {
            // Not stopped by a signal (WaitForShutdownAsync stops the app itself).
            await _app.StopAsync();
        }

        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }

        Logs.Stopped(_logger, _stopping.ElapsedMilliseconds);
        await _app.DisposeAsync();
    }

    private static List<FunctionInvoker> CreateInvokers(IEnumerable<FunctionDescriptor> functions, Func<FunctionBinding, QueueOutput> queueOutputs)
    {
        var errors = new List<string>();
        var invokers = new List<FunctionInvoker>();
        foreach (var function in functions)
        {
            try
            {
                invokers.Add(FunctionInvoker.Create(function, queueOutputs));
            }
            catch (DevHostConfigurationException e)
            {
                errors.AddRange(e.Errors);
            }
        }

        return errors.Count == 0 ? invokers : throw new DevHostConfigurationException(errors);
    }

    private static bool NeedsDurable(IEnumerable<FunctionInvoker> invokers)
        => invokers.Any(i => i.Function.Kind is FunctionKind.Orchestration or FunctionKind.Activity
            || i.Function.Metadata.Bindings.Any(b => b.IsType(FunctionBinding.DurableClient)));

    private static List<FunctionInvoker> OfKind(IEnumerable<FunctionInvoker> invokers, FunctionKind kind)
        => invokers.Where(i => i.Function.Kind == kind).ToList();

    private void LogFunctions(
        IReadOnlyList<FunctionInvoker> invokers,
        HostSettings host,
        IReadOnlyDictionary<string, TimerTrigger> timers,
        IConfiguration configuration,
        string appDirectory)
    {
        foreach (var invoker in invokers.OrderBy(i => i.Function.Kind).ThenBy(i => i.Function.Name, StringComparer.Ordinal))
        {
            var function = invoker.Function;
            var detail = function.Kind switch
            {
                FunctionKind.Http => $"[{string.Join(',', HttpFunctionRoutes.MethodsOf(function).DefaultIfEmpty("*"))}] "
                    + Url.TrimEnd('/') + HttpFunctionRoutes.PatternOf(function, host.RoutePrefix),
                FunctionKind.Queue => "queue " + QueueTriggerRegistration.QueueNameOf(invoker, configuration),
                FunctionKind.Timer => timers[function.Name].ToString(),
                _ => string.Empty,
            } + string.Concat(invoker.Outputs.Queues.Select(q => " -> queue " + q.QueueName));
            Logs.FunctionMapped(_logger, function.Name, function.Trigger.Type, detail);
        }

        // Last, so whoever waits for this line (a script, a test) finds the function list already written.
        Logs.Listening(_logger, Url, invokers.Count, appDirectory);
    }
}
