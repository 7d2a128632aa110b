using System.Text.RegularExpressions;
using Mplp.DevHost.Configuration;
using Mplp.DevHost.Functions;

namespace Mplp.DevHost.Tests.Hosting;

/// <summary>Builds, from an HTTP function's metadata alone, requests that its route accepts.</summary>
public static partial class SampleRequests
{
    public static IEnumerable<HttpRequestMessage> For(FunctionMetadata function, HostSettings host)
    {
        var trigger = function.Trigger;
        var route = trigger.GetString("route") is { Length: > 0 } value ? value : function.Name;
        var path = RouteParameter().Replace(route, match => SampleValue(match.Groups["constraint"].Value));
        var prefix = host.RoutePrefix.Trim('/');
        var uri = new Uri((prefix.Length == 0 ? "" : prefix + "/") + path.TrimStart('/'), UriKind.Relative);

        var methods = trigger.GetStrings("methods");
        foreach (var method in methods.Count == 0 ? ["get"] : methods)
        {
            var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), uri);
            if (method is not ("get" or "head" or "delete" or "options"))
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            yield return request;
        }
    }

    private static string SampleValue(string constraint) => constraint switch
    {
        _ when constraint.Contains("guid", StringComparison.OrdinalIgnoreCase) => Guid.NewGuid().ToString(),
        _ when constraint.Contains("int", StringComparison.OrdinalIgnoreCase) || constraint.Contains("long", StringComparison.OrdinalIgnoreCase) => "1",
        _ when constraint.Contains("bool", StringComparison.OrdinalIgnoreCase) => "true",
        _ => "sample",
    };

    [GeneratedRegex(@"\{\*?(?<name>\w+)(?<constraint>:[^}?]*)?\??\}")]
    private static partial Regex RouteParameter();
}
