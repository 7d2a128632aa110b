using Mplp.Core.Errors;
using Mplp.Core.Protocol;

namespace Mplp.Functions.Http;

/// <summary>Route ids are lower-case UUID v4; anything else names no object, so it is a 404.</summary>
public static class RouteIds
{
    public static Guid Parse(string module, string text)
        => MplpIds.TryParse(text, out var id)
            ? id
            : throw Problems.NotFound(module, $"'{text}' is not a {module} id (a lower-case UUID v4).");
}
