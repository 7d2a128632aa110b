using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mplp.Core.Access;
using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Modules.Roles;
using Mplp.Core.Storage;
using Npgsql;

namespace Mplp.Core.Modules.Plans;

/// <summary>
/// What was approved is what runs: approving a plan records a hash of its content
/// (<see cref="PlanModule.Content"/>, table <c>plan_approvals</c>), and execution refuses a plan whose
/// content no longer has it.
/// </summary>
public sealed class PlanApprovals(EntityService entities, PrincipalGrants grants, MplpDatabase database)
{
    private static ModuleDefinition Plans => PlanModule.Definition;

    /// <summary>
    /// <c>POST /plans/{id}/approve</c>: four eyes apply here too. The plan's author may not approve it
    /// (403 <c>SELF_APPROVAL_FORBIDDEN</c>) unless they hold <c>*</c> everywhere (an administrator).
    /// </summary>
    public async Task<StoredDocument> ApproveDirectlyAsync(Guid planId, IfMatch ifMatch, Actor actor, CancellationToken cancellationToken)
    {
        var plan = await entities.GetAsync(Plans, planId, actor, cancellationToken);
        if (!ifMatch.Matches(plan.Version))
        {
            throw Problems.PreconditionFailed($"The plan is at ETag {IfMatch.ETagOf(plan.Version)}; If-Match did not match.");
        }

        // Only a proposed plan can be approved: any other status answers its own 409 first.
        if (plan.Document["status"]?.GetValue<string>() == "proposed" && AuthorOf(plan.Document) == actor.Principal
            && !(await grants.OfAsync(actor.Principal, cancellationToken)).All.Any(g => g.ContextId is null && g.Capabilities.Contains(Capabilities.Everything)))
        {
            throw Problems.SelfApprovalForbidden($"'{actor.Principal}' wrote this plan; someone else approves it (or a confirm whose policy allows self-approval).");
        }

        return await ApproveAsync(plan, actor, cancellationToken);
    }

    /// <summary>
    /// Approves the plan exactly as read: records its content's hash while it is still at that version,
    /// then moves it to approved under If-Match on that version (412 if it changed meanwhile).
    /// </summary>
    public async Task<StoredDocument> ApproveAsync(StoredDocument plan, Actor actor, CancellationToken cancellationToken)
    {
        if (plan.Document["status"]?.GetValue<string>() == "proposed")
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand("""
                INSERT INTO plan_approvals (plan_id, content_hash)
                SELECT id, $3 FROM plans WHERE id = $1 AND version = $2
                ON CONFLICT (plan_id) DO UPDATE SET content_hash = excluded.content_hash, approved_at = now()
                """, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = plan.Id });
            command.Parameters.Add(new NpgsqlParameter { Value = plan.Version });
            command.Parameters.Add(new NpgsqlParameter { Value = ContentHash(plan.Document) });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return await entities.TransitionAsync(Plans, plan.Id, "approved", IfMatch.Parse(IfMatch.ETagOf(plan.Version)), actor, cancellationToken);
    }

    /// <summary>409 <c>APPROVAL_MISMATCH</c> unless the plan's content is the content that was approved.</summary>
    public async Task RequireApprovedAsIsAsync(StoredDocument plan, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT content_hash FROM plan_approvals WHERE plan_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = plan.Id });
        var approved = await command.ExecuteScalarAsync(cancellationToken) as string;
        if (approved != ContentHash(plan.Document))
        {
            throw Problems.ApprovalMismatch(approved is null
                ? "There is no record of what was approved (approved before approvals were recorded?): move it to draft, propose it and approve it again."
                : "Its content differs from the content that was approved; only the approved content executes.");
        }
    }

    public static string? AuthorOf(JsonObject document) => document["meta"]?["created_by"]?.GetValue<string>();

    /// <summary>SHA-256 of the content with object keys in ordinal order, so the hash does not depend on how the JSON was read.</summary>
    public static string ContentHash(JsonObject plan)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCanonical(writer, PlanModule.Content(plan));
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject properties:
                writer.WriteStartObject();
                foreach (var (name, value) in properties.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(name);
                    WriteCanonical(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
