using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Mplp.Core.Storage;
using Npgsql;

namespace Mplp.Core.Modules.Extensions.Webhooks;

/// <summary>
/// Signing secrets of webhook subscriptions, in the Standard Webhooks format (<c>whsec_</c> + base64 of
/// 32 random bytes). Kept encrypted with ASP.NET Core Data Protection (its key ring in PostgreSQL,
/// <see cref="PostgresXmlRepository"/>); the plain secret leaves only in the answer that makes it.
/// </summary>
public sealed class WebhookSecrets(MplpDatabase database, IDataProtectionProvider protection, TimeProvider clock)
{
    private const string Prefix = "whsec_";
    private readonly IDataProtector _protector = protection.CreateProtector("Mplp.Webhooks.SigningSecret.v1");

    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// Makes a new secret for the subscription and returns it; the next attempts sign with it. The first
    /// secret starts the subscription's cursor at the head of its trace's log: it delivers the events
    /// logged after it.
    /// </summary>
    public async Task<string> RenewAsync(Guid extensionId, string partitionKey, CancellationToken cancellationToken)
    {
        var secret = NewSecret();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO webhook_subscriptions (extension_id, partition_key, secret, secret_made_at, cursor)
            VALUES ($1, $2, $3, $4, coalesce((SELECT last FROM outbox_positions WHERE partition_key = $2), 0))
            ON CONFLICT (extension_id) DO UPDATE SET secret = excluded.secret, secret_made_at = excluded.secret_made_at
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = extensionId });
        command.Parameters.Add(new NpgsqlParameter { Value = partitionKey });
        command.Parameters.Add(new NpgsqlParameter { Value = _protector.Protect(secret) });
        command.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return secret;
    }

    /// <summary>The plain secret of a stored (protected) one, to sign with.</summary>
    public string Reveal(string stored) => _protector.Unprotect(stored);
}
