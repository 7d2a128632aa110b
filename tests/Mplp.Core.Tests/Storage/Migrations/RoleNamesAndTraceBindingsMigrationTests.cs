using Microsoft.Extensions.Logging.Abstractions;
using Mplp.Core.Errors;
using Mplp.Core.Modules.Traces;
using Mplp.Core.Storage;
using Mplp.Testing;
using Npgsql;

namespace Mplp.Core.Tests.Storage.Migrations;

/// <summary>
/// Migration 0013 on a database that already holds what it forbids: roles whose names differ only in
/// case, and a trace id bound twice (a context's trace borrowed by a Trace object).
/// </summary>
public sealed class RoleNamesAndTraceBindingsMigrationTests : IAsyncLifetime
{
    private const string Migration = "0013_role_names_and_trace_bindings.sql";
    private readonly TestDatabase _database = new();
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        await new MigrationRunner(NullLogger<MigrationRunner>.Instance).ApplyAsync(_dataSource, CancellationToken.None);
        // Back to the database as it was before 0013, which is what an existing installation has.
        await ExecuteAsync($"""
            DROP TRIGGER core_bind_trace ON core; DROP TRIGGER contexts_bind_trace ON contexts;
            DROP TRIGGER roles_bind_trace ON roles; DROP TRIGGER traces_bind_trace ON traces;
            DROP FUNCTION mplp_bind_trace; DROP TABLE trace_bindings, trace_binding_duplicates; DROP INDEX roles_name_unique;
            DELETE FROM schema_migrations WHERE name = '{Migration}'
            """);
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task Apply_OnDuplicateRoleNames_RenamesTheLaterOnesAndLogsIt()
    {
        var first = await RoleAsync("Reviewer");
        var second = await RoleAsync("reviewer");
        var third = await RoleAsync("REVIEWER");

        await ApplyAsync();

        Assert.Equal("Reviewer", await ScalarAsync($"SELECT doc ->> 'name' FROM roles WHERE id = '{first}'"));
        Assert.Equal($"reviewer #{second}", await ScalarAsync($"SELECT doc ->> 'name' FROM roles WHERE id = '{second}'"));
        Assert.Equal($"REVIEWER #{third}", await ScalarAsync($"SELECT doc ->> 'name' FROM roles WHERE id = '{third}'"));
        Assert.Equal(2L, await ScalarAsync("SELECT count(*) FROM outbox WHERE event ->> 'event_type' = 'role.renamed'"));
        await Assert.ThrowsAsync<PostgresException>(() => RoleAsync("rEVIEWER"));
    }

    [Fact(Timeout = 60_000)]
    public async Task Apply_OnATraceIdBoundTwice_KeepsTheFirstBindingAndRecordsTheOther()
    {
        var context = Guid.NewGuid();
        var contextTrace = Guid.NewGuid();
        await ExecuteAsync($$$"""
            INSERT INTO contexts (id, context_id, status, version, doc, created_at)
            VALUES ('{{{context}}}', '{{{context}}}', 'active', 1, '{"context_id":"{{{context}}}","trace":{"trace_id":"{{{contextTrace}}}"}}', now() - interval '1 hour');
            INSERT INTO traces (id, context_id, status, version, doc)
            VALUES ('{{{contextTrace}}}', '{{{context}}}', 'running', 1, '{"trace_id":"{{{contextTrace}}}","context_id":"{{{context}}}"}')
            """);

        await ApplyAsync();

        Assert.Equal("context", await ScalarAsync($"SELECT module FROM trace_bindings WHERE trace_id = '{contextTrace}'"));
        Assert.Equal("trace", await ScalarAsync($"SELECT module FROM trace_binding_duplicates WHERE trace_id = '{contextTrace}'"));
        // The trace that lost the binding no longer serves the context's log; the context does.
        var bindings = new TraceBindings(new MplpDatabase(_dataSource, new MigrationRunner(NullLogger<MigrationRunner>.Instance)));
        var refused = await Assert.ThrowsAsync<ProblemException>(() => bindings.RequireHeldByAsync(contextTrace, contextTrace, CancellationToken.None));
        Assert.Equal("TRACE_ID_TAKEN", refused.Problem.Code);
        await bindings.RequireHeldByAsync(contextTrace, context, CancellationToken.None);
        var role = Guid.NewGuid();
        await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(
            $$$"""INSERT INTO roles (id, version, doc) VALUES ('{{{role}}}', 1, '{"name":"x","trace":{"trace_id":"{{{contextTrace}}}"}}')"""));
    }

    private Task ApplyAsync() => new MigrationRunner(NullLogger<MigrationRunner>.Instance).ApplyAsync(_dataSource, CancellationToken.None);

    private async Task<Guid> RoleAsync(string name)
    {
        var id = Guid.NewGuid();
        await ExecuteAsync($$$"""INSERT INTO roles (id, version, doc) VALUES ('{{{id}}}', 1, '{"role_id":"{{{id}}}","name":"{{{name}}}","trace":{"trace_id":"{{{Guid.NewGuid()}}}"}}')""");
        return id;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }
}
