using System.Text.Json.Nodes;
using Mplp.Core.Errors;
using Mplp.Core.Events;
using Mplp.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Mplp.Core.Documents;

/// <summary>
/// Stores MPLP objects as jsonb, one table per module (see the migrations). Every write takes the
/// trace events it causes and writes them to the outbox in the same transaction: no dual writes.
/// </summary>
public sealed class DocumentStore(MplpDatabase database, EventedWrites writes)
{

    // SQLSTATE class 22 (data exception): a value JSON allows but jsonb cannot hold, such as a
    // number beyond numeric's range or a \u0000 in a string. That is the client's input, not our fault.
    private const string DataExceptionClass = "22";

    public async Task<StoredDocument?> GetAsync(string table, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT id, version, doc::text, context_id FROM {table} WHERE id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        // The most frequent statement: prepared once per connection (see MplpCoreRegistration.DataSourceOf).
        await command.PrepareAsync(cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? ReadDocument(reader) with { ContextId = await reader.IsDBNullAsync(3, cancellationToken) ? null : reader.GetGuid(3) }
            : null;
    }

    public async Task<ResultPage<StoredDocument>> ListAsync(string table, DocumentFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        // One row more than asked tells whether there is a next page without a count query.
        await using var command = new NpgsqlCommand($"""
            SELECT id, version, doc::text, seq FROM {table}
            WHERE seq > $1 AND ($2::uuid IS NULL OR context_id = $2) AND ($3::text IS NULL OR status = $3)
            ORDER BY seq LIMIT $4
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = page.After ?? 0L });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.ContextId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Status ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = page.Limit + 1 });

        var items = new List<StoredDocument>(page.Limit);
        long lastSeq = 0;
        var hasMore = false;
        await command.PrepareAsync(cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (items.Count == page.Limit)
            {
                hasMore = true;
                break;
            }

            items.Add(ReadDocument(reader));
            lastSeq = reader.GetInt64(3);
        }

        return new ResultPage<StoredDocument>(items, hasMore ? Cursor.Encode(lastSeq) : null);
    }

    /// <summary>Inserts at version 1; null when the id is taken.</summary>
    public async Task<StoredDocument?> InsertAsync(string table, DocumentRow row, IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        try
        {
            return await WriteAsync($"""
                INSERT INTO {table} (id, context_id, status, version, doc) VALUES ($1, $2, $3, 1, $4::jsonb)
                RETURNING version
                """, row, expectedVersion: null, events, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return null;
        }
    }

    /// <summary>Replaces the document if it is still at <paramref name="expectedVersion"/>; null otherwise.</summary>
    public Task<StoredDocument?> UpdateAsync(string table, DocumentRow row, long expectedVersion, IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
        => WriteAsync($"""
            UPDATE {table} SET context_id = $2, status = $3, doc = $4::jsonb, version = version + 1, updated_at = now()
            WHERE id = $1 AND version = $5
            RETURNING version
            """, row, expectedVersion, events, cancellationToken);

    /// <summary>Deletes the document if it is still at <paramref name="expectedVersion"/> and nothing refers to it.</summary>
    public async Task<DeleteOutcome> DeleteAsync(string table, Guid id, long expectedVersion, IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        try
        {
            var deleted = await writes.WriteAsync($"DELETE FROM {table} WHERE id = $1 AND version = $2 RETURNING version", parameters =>
            {
                parameters.Add(new NpgsqlParameter { Value = id });
                parameters.Add(new NpgsqlParameter { Value = expectedVersion });
            }, events, cancellationToken);
            return deleted is null ? DeleteOutcome.VersionChanged : DeleteOutcome.Deleted;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return DeleteOutcome.HasDependents;
        }
    }

    private async Task<StoredDocument?> WriteAsync(string sql, DocumentRow row, long? expectedVersion, IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        try
        {
            var written = await writes.WriteAsync(sql, parameters =>
            {
                parameters.Add(new NpgsqlParameter { Value = row.Id });
                parameters.Add(new NpgsqlParameter { Value = (object?)row.ContextId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
                parameters.Add(new NpgsqlParameter { Value = (object?)row.Status ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                parameters.Add(new NpgsqlParameter { Value = row.Document.ToJsonString(), NpgsqlDbType = NpgsqlDbType.Jsonb });
                if (expectedVersion is { } version)
                {
                    parameters.Add(new NpgsqlParameter { Value = version });
                }
            }, events, cancellationToken);

            // The stored document is the one written: no need to read it back.
            return written is long version ? new StoredDocument(row.Id, version, row.Document) : null;
        }
        catch (PostgresException e) when (TakenValues.ProblemOf(e) is { } taken)
        {
            throw taken;
        }
        catch (PostgresException e) when (e.SqlState.StartsWith(DataExceptionClass, StringComparison.Ordinal))
        {
            throw Problems.Validation("", $"The object holds a value that cannot be stored: {e.MessageText}.");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // The referenced object was deleted between our check and this write.
            throw Problems.ReferenceNotFound(e.Detail);
        }
    }

    private static StoredDocument ReadDocument(NpgsqlDataReader reader)
        => new(reader.GetGuid(0), reader.GetInt64(1), JsonNode.Parse(reader.GetString(2))!.AsObject());
}
