using System.Diagnostics.Metrics;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Mplp.Core.Documents;
using Mplp.Core.Events;
using Mplp.Core.Modules.Contexts;
using Mplp.Core.Observability;
using Mplp.Core.Storage;
using Mplp.Testing;
using Npgsql;

namespace Mplp.Core.Tests.Storage;

/// <summary>The real stores over a database and an event table of this test class's own.</summary>
public sealed class StorageFixture : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public MplpDatabase Database { get; private set; } = null!;

    private readonly string _eventTable = TestEnvironment.UniqueName("events");

    public DocumentStore Documents { get; private set; } = null!;

    public ContextEvents ContextEvents { get; private set; } = null!;

    public EventLog EventLog { get; private set; } = null!;

    public EventNotifications Notifications { get; private set; } = null!;

    public EventFeed Feed { get; private set; } = null!;

    public TraceEventWriter Writer { get; private set; } = null!;

    public OutboxDispatcher Dispatcher { get; private set; } = null!;

    /// <summary>The stores' metrics, on a meter of this fixture's own (listen to it with a MeterListener).</summary>
    public MplpMetrics Metrics { get; } = new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        DataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        Database = new MplpDatabase(DataSource, new MigrationRunner(NullLogger<MigrationRunner>.Instance));
        var signal = new OutboxSignal();
        Notifications = new EventNotifications(Database, NullLogger<EventNotifications>.Instance);
        // It announces this "instance's" commits to the others (EventFeedTests start another).
        await Notifications.StartAsync(CancellationToken.None);
        Feed = new EventFeed(Database, Notifications);
        Writer = new TraceEventWriter(Database, signal, Notifications, Metrics);
        Documents = new DocumentStore(Database, new EventedWrites(Database, signal, Notifications, Metrics));
        ContextEvents = new ContextEvents(Documents, Writer, TimeProvider.System);
        var options = Options.Create(new EventLogOptions { TableName = _eventTable });
        EventLog = new EventLog(new TableServiceClient(TestEnvironment.StorageConnectionString), options);
        Dispatcher = new OutboxDispatcher(Database, EventLog, signal, options, Metrics, NullLogger<OutboxDispatcher>.Instance);
    }

    public async Task DisposeAsync()
    {
        await Notifications.StopAsync(CancellationToken.None);
        Notifications.Dispose();
        await DataSource.DisposeAsync();
        await _database.DisposeAsync();
        await new TableClient(TestEnvironment.StorageConnectionString, _eventTable).DeleteAsync();
    }
}
