using Npgsql;

namespace Mplp.Core.Storage;

/// <summary>
/// The one PostgreSQL entry point for stores. The first connection waits for the migrations, so
/// neither host needs a start-up hook that might run after the first request; a failed attempt
/// (the database was not up yet) is retried by the next caller.
/// </summary>
public sealed class MplpDatabase(NpgsqlDataSource dataSource, MigrationRunner migrations)
{
    private readonly Lock _gate = new();
    private Task? _migrated;

    public async ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        await MigratedAsync().WaitAsync(cancellationToken);
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
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            return false;
        }
    }

    private Task MigratedAsync()
    {
        lock (_gate)
        {
            if (_migrated is null || _migrated.IsFaulted || _migrated.IsCanceled)
            {
                // Not the caller's token: one caller giving up must not cancel the others' wait.
                _migrated = migrations.ApplyAsync(dataSource, CancellationToken.None);
            }

            return _migrated;
        }
    }
}
