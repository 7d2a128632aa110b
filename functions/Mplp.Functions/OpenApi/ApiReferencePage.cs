using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Mplp.Functions.OpenApi;

/// <summary>
/// The reference page, rendered on the server from the same document: one self-contained HTML
/// file without scripts or external assets (users and CI may have no internet).
/// </summary>
public static class ApiReferencePage
{
    private const string Style = """
        body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:70rem;padding:1rem 2rem;color:#1b1f24}
        h2{border-bottom:2px solid #d0d7de;padding-bottom:.2rem;margin-top:2.5rem}
        section.op{border:1px solid #d0d7de;border-radius:6px;margin:1rem 0;padding:.6rem 1rem}
        .method{display:inline-block;min-width:4.5rem;font-weight:700;text-transform:uppercase}
        .get{color:#0969da}.post{color:#1a7f37}.patch{color:#9a6700}.delete{color:#cf222e}
        code{background:#f6f8fa;padding:0 .25rem;border-radius:4px}
        table{border-collapse:collapse;margin:.4rem 0}td,th{border:1px solid #d0d7de;padding:.2rem .5rem;text-align:left;vertical-align:top}
        small{color:#57606a}
        """;

    public static string Render(JsonObject document)
    {
        var html = new StringBuilder();
        var info = document["info"]!;
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(E(info["title"])).Append(" API reference</title><style>").Append(Style).Append("</style></head><body>")
            .Append("<h1>").Append(E(info["title"])).Append(" <small>").Append(E(info["version"])).Append("</small></h1>")
            .Append("<p>").Append(E(info["description"])).Append(" Machine-readable: <a href=\"openapi.json\">openapi.json</a>.</p>");

        var operations = Operations(document).ToList();
        foreach (var group in operations.GroupBy(o => o.Tag))
        {
            html.Append("<h2 id=\"").Append(E(group.Key)).Append("\">").Append(E(group.Key)).Append("</h2>");
            foreach (var (_, path, method, operation) in group)
            {
                RenderOperation(html, path, method, operation);
            }
        }

        return html.Append("</body></html>").ToString();
    }

    private static IEnumerable<(string Tag, string Path, string Method, JsonObject Operation)> Operations(JsonObject document)
    {
        var tags = document["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        return document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(m => (Tag: m.Value!["tags"]![0]!.GetValue<string>(), Path: p.Key, Method: m.Key, Operation: m.Value!.AsObject())))
            .OrderBy(o => tags.IndexOf(o.Tag))
            .ThenBy(o => o.Path, StringComparer.Ordinal);
    }

    private static void RenderOperation(StringBuilder html, string path, string method, JsonObject operation)
    {
        html.Append("<section class=\"op\" id=\"").Append(E(operation["operationId"])).Append("\"><div><span class=\"method ").Append(method).Append("\">")
            .Append(method).Append("</span> <code>").Append(E(path)).Append("</code> ").Append(E(operation["summary"]))
            .Append(" <small>").Append(E(operation["operationId"])).Append("</small></div>");

        if (operation["parameters"] is JsonArray parameters)
        {
            html.Append("<table><tr><th>Parameter</th><th>In</th><th>Description</th></tr>");
            foreach (var parameter in parameters)
            {
                var p = Resolve(parameter!);
                html.Append("<tr><td><code>").Append(E(p["name"])).Append("</code></td><td>").Append(E(p["in"])).Append("</td><td>")
                    .Append(E(p["description"]));
                if (p["schema"]?["enum"] is JsonArray values)
                {
                    html.Append(" One of: ").Append(E(string.Join(", ", values.Select(v => v!.GetValue<string>()))));
                }

                html.Append("</td></tr>");
            }

            html.Append("</table>");
        }

        if (operation["requestBody"]?["content"] is JsonObject body)
        {
            html.Append("<div>Body: ").Append(string.Join(", ", body.Select(c => $"<code>{E(c.Key)}</code> {E(SchemaName(c.Value!["schema"]!))}"))).Append("</div>");
        }

        html.Append("<table><tr><th>Status</th><th>Answer</th></tr>");
        foreach (var (status, response) in operation["responses"]!.AsObject())
        {
            html.Append("<tr><td>").Append(E(status)).Append("</td><td>");
            if (response!["x-problem-codes"] is JsonArray codes)
            {
                html.Append("problem ").Append(string.Join(", ", codes.Select(c => $"<code>{E(c)}</code>")));
            }
            else
            {
                html.Append(E(response["description"]));
                if (response["content"] is JsonObject content && content.FirstOrDefault() is { Value: { } media })
                {
                    html.Append(' ').Append(E(SchemaName(media["schema"]!)));
                }
            }

            html.Append("</td></tr>");
        }

        html.Append("</table></section>");
    }

    /// <summary>A schema as a reader names it: the component it refers to, its title, or its type.</summary>
    private static string SchemaName(JsonNode schema)
        => schema["$ref"]?.GetValue<string>() is { } reference ? reference[(reference.LastIndexOf("/schemas/", StringComparison.Ordinal) + "/schemas/".Length)..]
            : schema["title"]?.GetValue<string>() ?? schema["type"]?.ToString() ?? string.Empty;

    // Shared parameters are references; the page shows what they stand for.
    private static JsonNode Resolve(JsonNode parameter)
        => parameter["$ref"]?.GetValue<string>() is { } reference
            ? parameter.Root["components"]!["parameters"]![reference[(reference.LastIndexOf('/') + 1)..]]!
            : parameter;

    private static string E(JsonNode? node) => E(node?.ToString());

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
