using Npgsql;

namespace Mplp.Core.Storage;

/// <summary>
/// The one PostgreSQL entry point for stores. The first connection waits for the migrations, so
/// neither host needs a start-up hook that might run after the first request.
/// </summary>
public sealed class MplpDatabase(NpgsqlDataSource dataSource, MigrationRunner migrations)
{
    private readonly Lazy<Task> _migrated = new(() => migrations.ApplyAsync(dataSource, CancellationToken.None));

    public async ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        await _migrated.Value.WaitAsync(cancellationToken);
        return await dataSource.OpenConnectionAsync(cancellationToken);
    }

    /// <summary>Readiness: true when a trivial query answers.</summary>
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }
}
