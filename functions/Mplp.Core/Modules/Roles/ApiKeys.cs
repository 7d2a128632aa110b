using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Mplp.Core.Access;
using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Events;
using Mplp.Core.Modules.CoreManifest;
using Mplp.Core.Protocol;
using Mplp.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Mplp.Core.Modules.Roles;

/// <summary>
/// API keys for agents that cannot get a token: <c>mplp_{id}_{secret}</c>, shown once when issued.
/// Only a SHA-256 of the secret is stored. A key acts as its principal, which holds what its role
/// assignments give. Issuing and revoking are logged to the instance manifest's trace.
/// A key works everywhere and outlives a token, so everything about keys needs a global
/// <c>role:keys</c>, no key is issued for an administrator of the configuration or for a principal
/// holding more than the issuer holds globally, and every new key expires.
/// </summary>
public sealed class ApiKeys(
    MplpDatabase database, EventedWrites writes, InstanceManifest manifest, PrincipalGrants grants, IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string Prefix = "mplp_";
    private const string Columns = "id, principal, name, created_at, created_by, expires_at, revoked_at, seq";

    /// <summary>Body <c>{"principal": "...", "name": "..."?, "expires_at": "..."?}</c>; the answer holds the key, once.</summary>
    public async Task<JsonObject> IssueAsync(JsonObject body, Actor actor, CancellationToken cancellationToken)
    {
        actor.Scope.Require(null);
        var fields = new PlatformBody(body, "principal", "name", "expires_at");
        var principal = fields.Text("principal", required: true)!;
        var name = fields.Text("name", required: false) ?? "";
        var expiresAt = fields.Time("expires_at");
        var now = clock.GetUtcNow();
        if (expiresAt <= now)
        {
            fields.Reject("expires_at", "must be in the future");
        }

        fields.ThrowIfInvalid();
        var latest = now + options.Value.ApiKeyMaxLifetime;
        if (expiresAt > latest)
        {
            throw Problems.ApiKeyLifetimeExceeded(
                $"Keys expire at the latest {options.Value.ApiKeyMaxLifetime.TotalDays} days after they are issued.", MplpTime.Format(latest));
        }

        expiresAt ??= latest;
        await RequireIssuableAsync(principal, actor, cancellationToken);
        var id = MplpIds.New();
        var secret = RandomNumberGenerator.GetBytes(32);
        var record = new JsonObject
        {
            ["api_key_id"] = id.ToString(),
            ["principal"] = principal,
            ["name"] = name,
            ["created_at"] = MplpTime.Format(now),
            ["created_by"] = actor.Principal,
            ["expires_at"] = expiresAt is { } at ? MplpTime.Format(at) : null,
        };
        var issued = await EventAsync("apikey.issued", record, actor, cancellationToken);
        await writes.WriteAsync(
            "INSERT INTO api_keys (id, principal, name, secret_hash, created_at, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            parameters =>
            {
                parameters.Add(new NpgsqlParameter { Value = id });
                parameters.Add(new NpgsqlParameter { Value = principal });
                parameters.Add(new NpgsqlParameter { Value = name });
                parameters.Add(new NpgsqlParameter { Value = Hash(secret) });
                parameters.Add(new NpgsqlParameter { Value = now });
                parameters.Add(new NpgsqlParameter { Value = actor.Principal });
                parameters.Add(new NpgsqlParameter { Value = (object?)expiresAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            },
            [issued],
            cancellationToken);

        var answer = record.DeepClone().AsObject();
        answer["key"] = $"{Prefix}{id:N}_{Base64Url.EncodeToString(secret)}";
        return answer;
    }

    /// <summary>The principal of a valid key (known, unrevoked, unexpired); null otherwise.</summary>
    public async Task<string?> VerifyAsync(string key, CancellationToken cancellationToken)
    {
        if (!TryParse(key, out var id, out var secret))
        {
            return null;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT principal, secret_hash FROM api_keys WHERE id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && CryptographicOperations.FixedTimeEquals(reader.GetFieldValue<byte[]>(1), Hash(secret))
            ? reader.GetString(0)
            : null;
    }

    /// <summary>A page of keys (never their secrets), oldest first.</summary>
    public async Task<ResultPage<JsonObject>> ListAsync(PageRequest page, Actor actor, CancellationToken cancellationToken)
    {
        actor.Scope.Require(null);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM api_keys WHERE seq > $1 ORDER BY seq LIMIT $2", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = page.After ?? 0L });
        command.Parameters.Add(new NpgsqlParameter { Value = page.Limit + 1 });
        var rows = new List<(JsonObject Key, long Seq)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((Read(reader), reader.GetInt64(7)));
        }

        var items = rows.Take(page.Limit).ToList();
        return new ResultPage<JsonObject>([.. items.Select(r => r.Key)], rows.Count > page.Limit ? Cursor.Encode(items[^1].Seq) : null);
    }

    /// <summary>Revokes a key at once (this and every instance: keys are checked per request). Revoking twice is fine.</summary>
    public async Task RevokeAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        actor.Scope.Require(null);
        var key = await FindAsync(id, cancellationToken);
        if (key["revoked_at"] is not null)
        {
            return;
        }

        var revoked = await EventAsync("apikey.revoked", key, actor, cancellationToken);
        await writes.WriteAsync(
            "UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id",
            parameters => parameters.Add(new NpgsqlParameter { Value = id }),
            [revoked],
            cancellationToken);
    }

    /// <summary>403 for a key that would act as an administrator, or hold what the issuer does not hold globally.</summary>
    private async Task RequireIssuableAsync(string principal, Actor actor, CancellationToken cancellationToken)
    {
        if (options.Value.Admins.Contains(principal, StringComparer.Ordinal))
        {
            throw Problems.AdminKeyForbidden(
                $"'{principal}' is an administrator of the configuration; an administrator's key would be a standing key to everything.");
        }

        var held = (await grants.OfAsync(principal, cancellationToken)).All.SelectMany(g => g.Capabilities);
        var missing = Escalation.Missing(await grants.OfAsync(actor.Principal, cancellationToken), held, null);
        if (missing.Count > 0)
        {
            throw Problems.EscalationForbidden(missing,
                $"'{principal}' holds {string.Join(", ", missing.Select(c => $"'{c}'"))}, which the caller does not hold globally; a key would act with it.");
        }
    }

    private async Task<JsonObject> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM api_keys WHERE id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : throw Problems.NotFound("api_key", id);
    }

    private async Task<OutboxEvent> EventAsync(string type, JsonObject key, Actor actor, CancellationToken cancellationToken)
    {
        var data = key.DeepClone().AsObject();
        data["actor"] = actor.Principal;
        var traceId = OwnTrace.IdOf((await manifest.GetAsync(cancellationToken)).Document);
        return TraceEvents.Create(RoleModule.Definition.Name, type, traceId, clock.GetUtcNow(), data);
    }

    private static bool TryParse(string key, out Guid id, out byte[] secret)
    {
        id = Guid.Empty;
        secret = [];
        var parts = key.StartsWith(Prefix, StringComparison.Ordinal) ? key[Prefix.Length..].Split('_', 2) : [];
        if (parts.Length != 2 || !Guid.TryParseExact(parts[0], "N", out id))
        {
            return false;
        }

        var buffer = new byte[Base64Url.GetMaxDecodedLength(parts[1].Length)];
        if (Base64Url.DecodeFromChars(parts[1], buffer, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        secret = buffer[..written];
        return true;
    }

    private static byte[] Hash(byte[] secret) => SHA256.HashData(secret);

    private static JsonObject Read(NpgsqlDataReader reader) => new()
    {
        ["api_key_id"] = reader.GetGuid(0).ToString(),
        ["principal"] = reader.GetString(1),
        ["name"] = reader.GetString(2),
        ["created_at"] = MplpTime.Format(reader.GetFieldValue<DateTimeOffset>(3)),
        ["created_by"] = reader.GetString(4),
        ["expires_at"] = reader.IsDBNull(5) ? null : MplpTime.Format(reader.GetFieldValue<DateTimeOffset>(5)),
        ["revoked_at"] = reader.IsDBNull(6) ? null : MplpTime.Format(reader.GetFieldValue<DateTimeOffset>(6)),
    };
}
