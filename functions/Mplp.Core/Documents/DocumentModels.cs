using System.Text.Json.Nodes;

namespace Mplp.Core.Documents;

/// <summary>An MPLP object as stored: the document plus the columns kept beside it.</summary>
/// <param name="ContextId">The context column, where the read asked for it (a single get does).</param>
public sealed record StoredDocument(Guid Id, long Version, JsonObject Document, Guid? ContextId = null);

/// <summary>What a write stores: the document and the columns derived from it.</summary>
public sealed record DocumentRow(Guid Id, Guid? ContextId, string? Status, JsonObject Document);

/// <summary>List filters every module supports.</summary>
public sealed record DocumentFilter(Guid? ContextId, string? Status);

/// <summary>A keyset page request: at most <see cref="Limit"/> rows after the row with <see cref="After"/>.</summary>
public sealed record PageRequest(int Limit, long? After);

/// <summary>One page of results and the opaque cursor of the next one (null on the last page).</summary>
public sealed record ResultPage<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>What a conditional delete did.</summary>
public enum DeleteOutcome
{
    Deleted,
    VersionChanged,
    HasDependents,
}
