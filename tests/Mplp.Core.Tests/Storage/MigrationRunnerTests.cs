using Microsoft.Extensions.Logging.Abstractions;
using Mplp.Core.Storage;
using Mplp.Testing;
using Npgsql;

namespace Mplp.Core.Tests.Storage;

public sealed class MigrationRunnerTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact(Timeout = 60_000)]
    public async Task ApplyAsync_InstancesStartingTogether_ApplyEachMigrationOnce()
    {
        await using var dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        var runner = new MigrationRunner(NullLogger<MigrationRunner>.Instance);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => runner.ApplyAsync(dataSource, CancellationToken.None))));

        await using var command = dataSource.CreateCommand("SELECT count(*), count(DISTINCT name) FROM schema_migrations");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.True(reader.GetInt64(0) > 0);
        Assert.Equal(reader.GetInt64(0), reader.GetInt64(1));
    }
}
