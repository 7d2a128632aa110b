using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Mplp.Core.Storage;

/// <summary>
/// The ASP.NET Core Data Protection key ring in PostgreSQL (<c>data_protection_keys</c>), so every
/// instance encrypts and decrypts with the same keys and they survive restarts. Data Protection's
/// repository interface is synchronous; it is read when the key ring is loaded or refreshed (about
/// once a day), not per operation.
/// </summary>
public sealed class PostgresXmlRepository(MplpDatabase database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.OpenConnectionAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        using var command = new NpgsqlCommand("SELECT xml FROM data_protection_keys ORDER BY created_at", connection);
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = database.OpenConnectionAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        using var command = new NpgsqlCommand("INSERT INTO data_protection_keys (name, xml) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = friendlyName });
        command.Parameters.Add(new NpgsqlParameter { Value = element.ToString(SaveOptions.DisableFormatting) });
        command.ExecuteNonQuery();
    }
}
