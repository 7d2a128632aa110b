using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Observability;

/// <summary>
/// Which HTTP function a request reached, and its module: the <c>handler</c> of the HTTP metrics.
/// Neither host tells a function its own name through the request (the Functions host's worker has
/// no middleware here), so the routes are read from the same <c>[Function]</c> and
/// <c>[HttpTrigger]</c> attributes the hosts route by, and matched as they match them: literal
/// segments before parameters.
/// </summary>
public sealed class HttpFunctionRoutes
{
    private const string AnyMethod = "*";

    private readonly Dictionary<string, Route[]> _byMethod;

    public HttpFunctionRoutes(IEnumerable<ApiFunction> functions)
    {
        var routes = functions
            .SelectMany(f => f.Methods.DefaultIfEmpty(AnyMethod).Select(method => (Method: method.ToUpperInvariant(), Route: Route.Of(f))))
            .ToList();
        _byMethod = routes
            .GroupBy(r => r.Method)
            .ToDictionary(
                g => g.Key,
                g => g.Select(r => r.Route).Concat(g.Key == AnyMethod ? [] : routes.Where(r => r.Method == AnyMethod).Select(r => r.Route))
                    .OrderBy(r => r, Route.MostSpecificFirst).ToArray(),
                StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The routes of this app's functions (host.json's route prefix applies, as in both hosts).</summary>
    public static HttpFunctionRoutes OfThisApp()
        => new(ApiFunctions.Of(typeof(HttpFunctionRoutes).Assembly, HostRoutePrefix.Read(Path.Combine(AppContext.BaseDirectory, "host.json"))));

    /// <summary>The function serving <paramref name="method"/> <paramref name="path"/>, or null when none does.</summary>
    public ApiFunction? Match(string method, string path)
    {
        if (!_byMethod.TryGetValue(method, out var routes) && !_byMethod.TryGetValue(AnyMethod, out routes))
        {
            return null;
        }

        var segments = path.Trim('/').Split('/');
        return routes.FirstOrDefault(r => r.Matches(segments))?.Function;
    }

    /// <summary>A route template as segments: a literal, or null for a parameter.</summary>
    private sealed class Route(ApiFunction function, string?[] segments)
    {
        public static readonly IComparer<Route> MostSpecificFirst = Comparer<Route>.Create((a, b) =>
        {
            for (var i = 0; i < Math.Min(a._segments.Length, b._segments.Length); i++)
            {
                var literalA = a._segments[i] is not null;
                var literalB = b._segments[i] is not null;
                if (literalA != literalB)
                {
                    return literalA ? -1 : 1;
                }
            }

            return a._segments.Length.CompareTo(b._segments.Length);
        });

        private readonly string?[] _segments = segments;

        public ApiFunction Function { get; } = function;

        public static Route Of(ApiFunction function)
            => new(function, [.. function.Path.Trim('/').Split('/').Select(s => s.StartsWith('{') ? null : s)]);

        public bool Matches(string[] path)
        {
            if (path.Length != _segments.Length)
            {
                return false;
            }

            for (var i = 0; i < path.Length; i++)
            {
                if (_segments[i] is { } literal ? !string.Equals(literal, path[i], StringComparison.OrdinalIgnoreCase) : path[i].Length == 0)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
