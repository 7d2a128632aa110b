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

    /// <summary>
    /// Drops the database. A busy server (every connection slot taken for a moment) gets a few more
    /// tries; if it still refuses, the throwaway database is left behind rather than failing a test
    /// run whose assertions all passed.
    /// </summary>
    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
                return;
            }
            catch (NpgsqlException) when (attempt < 5)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
            catch (NpgsqlException)
            {
                return;
            }
        }
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(TestEnvironment.PostgresConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
