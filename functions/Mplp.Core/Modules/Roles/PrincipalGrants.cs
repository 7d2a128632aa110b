using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Mplp.Core.Access;
using Mplp.Core.Storage;
using Npgsql;

namespace Mplp.Core.Modules.Roles;

/// <summary>
/// Reads what a principal holds: its role assignments joined with the roles' capabilities, plus
/// <c>*</c> for the administrators named in configuration. Each instance reuses what it read for
/// <see cref="AuthOptions.GrantsFreshness"/>, so authorizing a request rarely costs a query; after a
/// role or an assignment changed, <see cref="Caching.CacheInvalidation"/> makes this instance forget at
/// once, and the others too when Redis is configured (else within that time).
/// </summary>
public sealed class PrincipalGrants(MplpDatabase database, IOptions<AuthOptions> options, TimeProvider clock)
{
    private const int MaxCached = 10_000;
    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);

    public async ValueTask<Grants> OfAsync(string principal, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(principal, out var entry) && now - entry.ReadAt <= options.Value.GrantsFreshness)
        {
            return entry.Grants;
        }

        var grants = await ReadAsync(principal, cancellationToken);
        if (_cache.Count >= MaxCached)
        {
            _cache.Clear();
        }

        _cache[principal] = new Entry(grants, now);
        return grants;
    }

    /// <summary>Only through <see cref="Caching.CacheInvalidation"/>, which also tells the other instances.</summary>
    internal void Forget() => _cache.Clear();

    private async Task<Grants> ReadAsync(string principal, CancellationToken cancellationToken)
    {
        var grants = new List<Grant>();
        if (options.Value.Admins.Contains(principal, StringComparer.Ordinal))
        {
            grants.Add(new Grant(null, "administrator (configuration)", [Capabilities.Everything], null));
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT r.id, r.doc ->> 'name', ARRAY(SELECT jsonb_array_elements_text(COALESCE(r.doc -> 'capabilities', '[]'))), a.context_id
            FROM role_assignments a JOIN roles r ON r.id = a.role_id
            WHERE a.principal = $1
            ORDER BY a.seq
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = principal });
        // Prepared before the principal is bound: a principal PostgreSQL refuses (a NUL) fails only this read.
        await command.PrepareAsync(cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            grants.Add(new Grant(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetFieldValue<string[]>(2),
                reader.IsDBNull(3) ? null : reader.GetGuid(3)));
        }

        return new Grants(grants);
    }

    private sealed record Entry(Grants Grants, DateTimeOffset ReadAt);
}
