using System.Data;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Npgsql;

namespace Mplp.Core.Modules.EvidencePacks;

/// <summary>
/// One read-only REPEATABLE READ transaction: every object and event of a pack comes from the same
/// snapshot of the database, the counting before the export and the export itself alike.
/// </summary>
public sealed class PackSnapshot : IAsyncDisposable
{
    private const int EventsPerRead = 1000;

    /// <summary>The tables of the objects a pack holds beside the context, each with the folder of its artifacts.</summary>
    private static readonly IReadOnlyList<(string Folder, string Sql)> ObjectQueries =
    [
        ("plans", "SELECT id, octet_length(doc::text) FROM plans WHERE context_id = $1 ORDER BY seq"),
        ("confirms", "SELECT id, octet_length(doc::text) FROM confirms WHERE context_id = $1 ORDER BY seq"),
        ("collabs", "SELECT id, octet_length(doc::text) FROM collabs WHERE context_id = $1 ORDER BY seq"),
        ("roles", "SELECT id, octet_length(doc::text) FROM roles WHERE context_id = $1 OR id IN (SELECT role_id FROM role_assignments WHERE context_id = $1) ORDER BY seq"),
    ];

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private PackSnapshot(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>Takes <paramref name="connection"/> over: it is closed with the snapshot, or here if the snapshot cannot begin.</summary>
    public static async Task<PackSnapshot> OpenAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = new PackSnapshot(connection, await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken));
            await using var readOnly = snapshot.Command("SET TRANSACTION READ ONLY");
            await readOnly.ExecuteNonQueryAsync(cancellationToken);
            return snapshot;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The context's document, or null if it is gone.</summary>
    public async Task<JsonObject?> ContextAsync(Guid contextId, CancellationToken cancellationToken)
        => await DocumentAsync("contexts", contextId, cancellationToken) is { } text ? JsonNode.Parse(text)!.AsObject() : null;

    /// <summary>The objects of the context a pack holds, by folder, each in creation order, with its size as an artifact.</summary>
    public async Task<IReadOnlyList<StoredObject>> ObjectsAsync(Guid contextId, CancellationToken cancellationToken)
    {
        var objects = new List<StoredObject>();
        foreach (var (folder, sql) in ObjectQueries)
        {
            await using var command = Command(sql, contextId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                objects.Add(new StoredObject(folder, reader.GetGuid(0), reader.GetInt32(1)));
            }
        }

        return objects;
    }

    /// <summary>An object's document as PostgreSQL writes it (<c>jsonb</c> text: one canonical form, so the same object gives the same bytes).</summary>
    public async Task<string?> DocumentAsync(string table, Guid id, CancellationToken cancellationToken)
    {
        // The table is one of this class's own names, never input.
        await using var command = Command($"SELECT doc::text FROM {table} WHERE id = $1", id);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>The confirms of the context, for pairing decision events with their decisions.</summary>
    public async Task<IReadOnlyDictionary<string, ConfirmDecisionsSeen>> ConfirmsAsync(Guid contextId, CancellationToken cancellationToken)
    {
        await using var command = Command("""
            SELECT id::text, doc ->> 'target_type', doc ->> 'target_id',
                   ARRAY(SELECT coalesce(d ->> 'status', '') FROM jsonb_array_elements(coalesce(doc -> 'decisions', '[]')) WITH ORDINALITY AS x(d, i) ORDER BY i)
            FROM confirms WHERE context_id = $1
            """, contextId);
        var confirms = new Dictionary<string, ConfirmDecisionsSeen>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            confirms[reader.GetString(0)] = new ConfirmDecisionsSeen($"{reader.GetString(1)}/{reader.GetString(2)}", reader.GetFieldValue<string[]>(3));
        }

        return confirms;
    }

    /// <summary>Every event of the trace's log, in log order.</summary>
    public async IAsyncEnumerable<(long Position, JsonObject Event)> EventsAsync(string partitionKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = Command("SELECT position, event::text FROM outbox WHERE partition_key = $1 ORDER BY position", partitionKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return (reader.GetInt64(0), JsonNode.Parse(reader.GetString(1))!.AsObject());
        }
    }

    /// <summary>The events at <paramref name="positions"/>, in that order, read a thousand at a time.</summary>
    public async IAsyncEnumerable<JsonObject> EventsAtAsync(string partitionKey, IReadOnlyList<long> positions, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var chunk in positions.Chunk(EventsPerRead))
        {
            var read = new Dictionary<long, string>(chunk.Length);
            await using (var command = Command("SELECT position, event::text FROM outbox WHERE partition_key = $1 AND position = ANY($2)", partitionKey, chunk))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    read[reader.GetInt64(0)] = reader.GetString(1);
                }
            }

            foreach (var position in chunk)
            {
                yield return JsonNode.Parse(read[position])!.AsObject();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private NpgsqlCommand Command(string sql, params object[] parameters)
    {
        var command = new NpgsqlCommand(sql, _connection, _transaction);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}

/// <summary>An object a pack holds as an artifact: its table (also its artifacts' folder), id and size in bytes.</summary>
public sealed record StoredObject(string Table, Guid Id, int Size);
