using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Mplp.Functions.OpenApi;

/// <summary>
/// The OpenAPI document and the reference page of this app, generated on first use from its own
/// function classes and kept for the life of the process: the functions cannot change while it
/// runs. Static, so the app's registration needs no line for it.
/// </summary>
public static class OpenApiDocument
{
    private static Content? _content;

    public static Content Get(ILogger logger) => LazyInitializer.EnsureInitialized(ref _content, () => Generate(logger));

    private static Content Generate(ILogger logger)
    {
        var prefix = HostRoutePrefix.Read(Path.Combine(AppContext.BaseDirectory, "host.json"));
        var functions = ApiFunctions.Of(typeof(OpenApiDocument).Assembly, prefix);
        foreach (var undescribed in functions.Where(f => f.Operation is null))
        {
            Logs.UndescribedFunction(logger, undescribed.Name);
        }

        var document = OpenApiDocumentBuilder.Build(functions);
        var json = JsonSerializer.SerializeToUtf8Bytes(document, new JsonSerializerOptions { WriteIndented = true });
        return new Content(json, Encoding.UTF8.GetBytes(ApiReferencePage.Render(document)));
    }

    /// <summary>The document as UTF-8 JSON and the reference page as UTF-8 HTML.</summary>
    public sealed record Content(byte[] Json, byte[] Html);
}
