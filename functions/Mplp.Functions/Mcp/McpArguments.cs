using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Modules;
using Mplp.Core.Protocol;

namespace Mplp.Functions.Mcp;

/// <summary>Checks of tool arguments the JSON binding cannot make, with the API's validation problems.</summary>
internal static class McpArguments
{
    /// <summary>An MPLP id: a lower-case UUID v4 (400 VALIDATION_FAILED at <c>/name</c> otherwise).</summary>
    public static Guid Id(string name, string value)
        => MplpIds.TryParse(value, out var id) ? id : throw Problems.Validation($"/{name}", "must be a lower-case UUID v4");

    /// <summary>A whole number within bounds, if given.</summary>
    public static int? Within(string name, int? value, int min, int max)
        => value is null || (value >= min && value <= max)
            ? value
            : throw Problems.Validation($"/{name}", $"must be an integer from {min} to {max}");

    /// <summary>A page as the API's lists take it: <c>limit</c> 1 to 200 (50 by default) and a cursor this server issued.</summary>
    public static PageRequest Page(int? limit, string? cursor)
    {
        var size = Within("limit", limit, 1, EntityService.MaxPageSize) ?? EntityService.DefaultPageSize;
        long? after = null;
        if (cursor is not null)
        {
            after = Cursor.TryDecode(cursor, out var position) ? position : throw Problems.Validation("/cursor", "is not a cursor this server issued");
        }

        return new PageRequest(size, after);
    }
}
