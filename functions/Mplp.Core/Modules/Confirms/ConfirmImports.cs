using System.Text.Json.Nodes;
using Mplp.Core.Protocol;
using Mplp.Core.Storage;
using Npgsql;

namespace Mplp.Core.Modules.Confirms;

/// <summary>The marks of imported confirms (table <c>confirm_imports</c>, see <see cref="ConfirmImport"/>).</summary>
public sealed class ConfirmImports(MplpDatabase database)
{
    /// <summary><c>{"confirm_id","decision_ids","imported_by","imported_at"}</c>, or null for a confirm created without history.</summary>
    public async Task<JsonObject?> GetAsync(Guid confirmId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT decision_ids, imported_by, imported_at FROM confirm_imports WHERE confirm_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = confirmId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new JsonObject
        {
            ["confirm_id"] = confirmId.ToString(),
            ["decision_ids"] = new JsonArray([.. reader.GetFieldValue<Guid[]>(0).Select(id => (JsonNode)id.ToString())]),
            ["imported_by"] = reader.GetString(1),
            ["imported_at"] = MplpTime.Format(reader.GetFieldValue<DateTimeOffset>(2)),
        };
    }
}
