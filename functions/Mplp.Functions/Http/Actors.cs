using Microsoft.AspNetCore.Http;

namespace Mplp.Functions.Http;

/// <summary>Who is making a request, for <c>meta.created_by</c>/<c>updated_by</c> and trace events.</summary>
public static class Actors
{
    /// <summary>
    /// The API has no authentication yet (bearer tokens and agent keys come with RBAC, issue 3),
    /// so every caller is recorded as <c>anonymous</c>.
    /// </summary>
    public static string Of(HttpRequest request) => "anonymous";
}
