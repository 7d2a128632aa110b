using System.Text.Json.Nodes;
using Mplp.Core.Access;
using Mplp.Core.Caching;
using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Events;
using Mplp.Core.Modules.Contexts;
using Mplp.Core.Protocol;
using Mplp.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Mplp.Core.Modules.Roles;

/// <summary>
/// Assigns a role to a principal, everywhere or within one context (table <c>role_assignments</c>),
/// and takes it back. Events (<c>role.assigned</c>, <c>role.unassigned</c>) go to the context's
/// trace for a context-scoped assignment, to the role's own trace otherwise.
/// </summary>
public sealed class RoleAssignments(
    MplpDatabase database, EventedWrites writes, DocumentStore store, ContextEvents contextEvents, PrincipalGrants grants, CacheInvalidation caches, TimeProvider clock)
{
    private const string Columns = "id, role_id, principal, context_id, created_at, created_by, seq";
    private static ModuleDefinition Module => RoleModule.Definition;

    /// <summary>
    /// Body <c>{"principal": "...", "context_id": "..."?}</c>; 409 ASSIGNMENT_ALREADY_EXISTS for a repeat,
    /// 403 ESCALATION_FORBIDDEN for a role listing more than the caller holds where it would apply.
    /// </summary>
    public async Task<JsonObject> AssignAsync(Guid roleId, JsonObject body, Actor actor, CancellationToken cancellationToken)
    {
        var fields = new PlatformBody(body, "principal", "context_id");
        var principal = fields.Text("principal", required: true)!;
        var contextId = fields.Id("context_id", required: false);
        fields.ThrowIfInvalid();

        // A caller who may assign only within a context may do so there, and only what it holds there.
        actor.Scope.Require(contextId);
        var role = await RoleAsync(roleId, cancellationToken);
        var held = await grants.OfAsync(actor.Principal, cancellationToken);
        Escalation.RequireAssignable(held, [.. RoleModule.CapabilitiesOf(role.Document)], contextId, actor.Scope.IsEverywhere);
        var traceId = await TraceOfAsync(contextId, role, cancellationToken);
        // One instant, at the stored precision: what this answer says is what a later read says.
        var now = DateTimeOffset.Parse(MplpTime.Format(clock.GetUtcNow()), System.Globalization.CultureInfo.InvariantCulture);
        var assignment = new JsonObject
        {
            ["assignment_id"] = MplpIds.New().ToString(),
            ["role_id"] = roleId.ToString(),
            ["principal"] = principal,
            ["context_id"] = contextId?.ToString(),
            ["created_at"] = MplpTime.Format(now),
            ["created_by"] = actor.Principal,
        };
        var assigned = Event("role.assigned", traceId, assignment, actor);
        try
        {
            await writes.WriteAsync(
                "INSERT INTO role_assignments (id, role_id, principal, context_id, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                parameters =>
                {
                    parameters.Add(new NpgsqlParameter { Value = Guid.Parse(assignment["assignment_id"]!.GetValue<string>()) });
                    parameters.Add(new NpgsqlParameter { Value = roleId });
                    parameters.Add(new NpgsqlParameter { Value = principal });
                    parameters.Add(new NpgsqlParameter { Value = (object?)contextId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
                    parameters.Add(new NpgsqlParameter { Value = now });
                    parameters.Add(new NpgsqlParameter { Value = actor.Principal });
                },
                [assigned],
                cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw Problems.AssignmentAlreadyExists($"'{principal}' already holds this role {(contextId is null ? "everywhere" : $"in context {contextId}")}.");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // The role or the context was deleted between our read and this write.
            throw Problems.ReferenceNotFound(e.Detail);
        }

        caches.Invalidate(CachedState.Grants);
        return assignment;
    }

    /// <summary>A page of the role's assignments, oldest first; a context-scoped caller sees those in its contexts.</summary>
    public async Task<ResultPage<JsonObject>> ListAsync(Guid roleId, PageRequest page, Actor actor, CancellationToken cancellationToken)
    {
        await RoleAsync(roleId, cancellationToken);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM role_assignments WHERE role_id = $1 AND seq > $2 ORDER BY seq LIMIT $3", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = roleId });
        command.Parameters.Add(new NpgsqlParameter { Value = page.After ?? 0L });
        command.Parameters.Add(new NpgsqlParameter { Value = page.Limit + 1 });
        var rows = new List<(JsonObject Assignment, long Seq)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((Read(reader), reader.GetInt64(6)));
        }

        var items = rows.Take(page.Limit).ToList();
        return new ResultPage<JsonObject>(
            [.. items.Select(r => r.Assignment).Where(a => actor.Scope.Allows(ContextOf(a)))],
            rows.Count > page.Limit ? Cursor.Encode(items[^1].Seq) : null);
    }

    public async Task RevokeAsync(Guid roleId, Guid assignmentId, Actor actor, CancellationToken cancellationToken)
    {
        var role = await RoleAsync(roleId, cancellationToken);
        var assignment = await FindAsync(roleId, assignmentId, cancellationToken);
        var contextId = ContextOf(assignment);
        actor.Scope.Require(contextId);
        var traceId = await TraceOfAsync(contextId, role, cancellationToken);
        await writes.WriteAsync(
            "DELETE FROM role_assignments WHERE id = $1 RETURNING id",
            parameters => parameters.Add(new NpgsqlParameter { Value = assignmentId }),
            [Event("role.unassigned", traceId, assignment, actor)],
            cancellationToken);
        caches.Invalidate(CachedState.Grants);
    }

    private async Task<StoredDocument> RoleAsync(Guid roleId, CancellationToken cancellationToken)
        => await store.GetAsync(Module.Collection, roleId, cancellationToken) ?? throw Problems.NotFound(Module.Name, roleId);

    private async Task<JsonObject> FindAsync(Guid roleId, Guid assignmentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM role_assignments WHERE id = $1 AND role_id = $2", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = assignmentId });
        command.Parameters.Add(new NpgsqlParameter { Value = roleId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? Read(reader)
            : throw Problems.NotFound("assignment", assignmentId);
    }

    /// <summary>Where an assignment's events go: its context's trace, or the role's own for an assignment everywhere.</summary>
    private async Task<Guid> TraceOfAsync(Guid? contextId, StoredDocument role, CancellationToken cancellationToken)
        => contextId is { } context ? await contextEvents.TraceIdAsync(context, cancellationToken) : OwnTrace.IdOf(role.Document);

    private OutboxEvent Event(string type, Guid traceId, JsonObject assignment, Actor actor)
    {
        var data = assignment.DeepClone().AsObject();
        data["actor"] = actor.Principal;
        return TraceEvents.Create(Module.Name, type, traceId, clock.GetUtcNow(), data);
    }

    private static Guid? ContextOf(JsonObject assignment)
        => assignment["context_id"] is { } context ? Guid.Parse(context.GetValue<string>()) : null;

    private static JsonObject Read(NpgsqlDataReader reader) => new()
    {
        ["assignment_id"] = reader.GetGuid(0).ToString(),
        ["role_id"] = reader.GetGuid(1).ToString(),
        ["principal"] = reader.GetString(2),
        ["context_id"] = reader.IsDBNull(3) ? null : reader.GetGuid(3).ToString(),
        ["created_at"] = MplpTime.Format(reader.GetFieldValue<DateTimeOffset>(4)),
        ["created_by"] = reader.GetString(5),
    };
}
