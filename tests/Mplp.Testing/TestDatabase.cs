using Npgsql;
using Xunit;

namespace Mplp.Testing;

/// <summary>
/// A PostgreSQL database of its own for one test class, created empty and dropped afterwards,
/// so test classes run in parallel against one server without seeing each other's rows.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    private readonly string _name = TestEnvironment.UniqueName("mplp_test_");

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await ExecuteOnServerAsync($"CREATE DATABASE {_name}");
        ConnectionString = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString) { Database = _name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(TestEnvironment.PostgresConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
