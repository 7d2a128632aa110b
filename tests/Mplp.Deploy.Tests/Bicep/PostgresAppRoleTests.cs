using Microsoft.Extensions.Logging.Abstractions;
using Mplp.Core.Storage;
using Mplp.Testing;
using Npgsql;

namespace Mplp.Deploy.Tests.Bicep;

/// <summary>
/// infra/bicep/postgres-app-role.sql, run with psql as the documented one-time step, on a database of
/// its own. Locally the "administrator" is a superuser (Azure's is not), so this holds the end state:
/// the app's login migrates and owns its data, and can do nothing an administrator can.
/// </summary>
public sealed class PostgresAppRoleTests : IAsyncLifetime
{
    private static readonly string Script = Path.Combine(BicepBuild.Folder, "postgres-app-role.sql");

    private readonly TestDatabase _database = new();
    private readonly string _login = TestEnvironment.UniqueName("mplp_app_");
    private readonly string _password = "p\"w;d='" + Guid.NewGuid().ToString("N");

    public Task InitializeAsync() => _database.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        await using var dataSource = NpgsqlDataSource.Create(TestEnvironment.PostgresConnectionString);
        await using var drop = dataSource.CreateCommand($"DROP ROLE IF EXISTS \"{_login}\"");
        await drop.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Script_BeforeTheFirstStart_AppLoginRunsEveryMigrationAndOwnsTheTables()
    {
        await RunScriptAsync();

        await using var app = AppDataSource();
        await new MigrationRunner(NullLogger<MigrationRunner>.Instance).ApplyAsync(app, CancellationToken.None);

        Assert.True(await ScalarAsync<long>(app, "SELECT count(*) FROM schema_migrations") >= 10);
        Assert.Equal(0, await ScalarAsync<long>(app, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> current_user"));
    }

    [Fact]
    public async Task Script_OnADatabaseTheAdministratorMigrated_AppLoginTakesItOver()
    {
        await using (var administrator = NpgsqlDataSource.Create(_database.ConnectionString))
        {
            await new MigrationRunner(NullLogger<MigrationRunner>.Instance).ApplyAsync(administrator, CancellationToken.None);
        }

        await RunScriptAsync();

        await using var app = AppDataSource();
        await new MigrationRunner(NullLogger<MigrationRunner>.Instance).ApplyAsync(app, CancellationToken.None);
        // A later migration alters what an earlier one made: the app login must own it.
        await ScalarAsync<int>(app, "ALTER TABLE schema_migrations ADD COLUMN probe int; ALTER TABLE schema_migrations DROP COLUMN probe; SELECT 1");
        Assert.Equal(0, await ScalarAsync<long>(app, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> current_user"));
    }

    [Fact]
    public async Task Script_AppLogin_IsNoAdministrator()
    {
        await RunScriptAsync();
        await RunScriptAsync();  // repeatable: the second run only resets the password

        await using var app = AppDataSource();
        Assert.Equal("f f f f", await ScalarAsync<string>(app, "SELECT concat_ws(' ', rolsuper, rolcreaterole, rolcreatedb, rolreplication) FROM pg_roles WHERE rolname = current_user"));
        Assert.Equal(0, await ScalarAsync<long>(app, "SELECT count(*) FROM pg_auth_members WHERE member = (SELECT oid FROM pg_roles WHERE rolname = current_user)"));
        var refused = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync<int>(app, $"CREATE ROLE \"{_login}_x\"; SELECT 1"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    private async Task RunScriptAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(_database.ConnectionString);
        var result = await Processes.RunAsync("psql", ["-X", "-q", "-v", $"app_login={_login}", "-v", $"app_password={_password}", "-f", Script], new Dictionary<string, string?>
        {
            ["PGHOST"] = server.Host,
            ["PGPORT"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PGUSER"] = server.Username,
            ["PGPASSWORD"] = server.Password,
            ["PGDATABASE"] = server.Database,
        });
        Assert.True(result.ExitCode == 0, result.Describe());
    }

    private NpgsqlDataSource AppDataSource() =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Username = _login, Password = _password, Pooling = false }.ConnectionString);

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
