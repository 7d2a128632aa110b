using System.Globalization;
using Microsoft.AspNetCore.Http;
using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Modules;
using Mplp.Core.Protocol;

namespace Mplp.Functions.Http;

/// <summary>Parses <c>?context_id=&amp;status=&amp;limit=&amp;cursor=</c>, the list parameters every collection takes.</summary>
public static class ListQueries
{
    public static ListQuery Parse(IQueryCollection query)
    {
        Guid? contextId = null;
        if (Single(query, "context_id") is { } contextText)
        {
            contextId = MplpIds.TryParse(contextText, out var id) ? id : throw Problems.BadQuery("context_id", "must be a lower-case UUID v4");
        }

        var limit = EntityService.DefaultPageSize;
        if (Single(query, "limit") is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > EntityService.MaxPageSize))
        {
            throw Problems.BadQuery("limit", $"must be an integer from 1 to {EntityService.MaxPageSize}");
        }

        long? after = null;
        if (Single(query, "cursor") is { } cursor)
        {
            after = Cursor.TryDecode(cursor, out var position) ? position : throw Problems.BadQuery("cursor", "is not a cursor this API issued");
        }

        return new ListQuery(contextId, Single(query, "status"), new PageRequest(limit, after));
    }

    private static string? Single(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values) || values.Count == 0)
        {
            return null;
        }

        return values.Count == 1 ? values[0] : throw Problems.BadQuery(name, "may be given once");
    }
}
