using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Mplp.Core.Errors;

namespace Mplp.Functions.Http;

/// <summary>Reads a request body as one JSON object, refusing what is too large, not JSON, or not an object.</summary>
public sealed class JsonBody(IOptions<ApiOptions> options)
{
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };

    // Duplicate property names are rejected: which value won would otherwise be a guess.
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    /// <summary>Whether the request has a body at all (a length above zero, or a chunked one).</summary>
    public static bool IsPresent(HttpRequest request)
        => request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    public async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        RequireJsonContentType(request.ContentType);
        var limit = options.Value.MaxBodyBytes;
        if (request.ContentLength > limit)
        {
            throw Problems.PayloadTooLarge(limit);
        }

        var buffer = new ArrayBufferWriter<byte>();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.WrittenCount + read > limit)
            {
                throw Problems.PayloadTooLarge(limit);
            }

            buffer.Write(chunk.AsSpan(0, read));
        }

        if (buffer.WrittenCount == 0)
        {
            throw Problems.MalformedJson("The request body is empty; send a JSON object.");
        }

        JsonNode? node;
        try
        {
            RequireDecodableStrings(buffer.WrittenSpan);
            node = JsonNode.Parse(buffer.WrittenSpan, NodeOptions, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw Problems.MalformedJson(e.Message);
        }
        catch (InvalidOperationException e)
        {
            throw Problems.MalformedJson(e.Message);
        }

        return node as JsonObject ?? throw Problems.MalformedJson("The request body must be a JSON object.");
    }

    /// <summary>
    /// JSON text may escape a lone UTF-16 surrogate (<c>"\ud800"</c>), which no .NET string can
    /// hold; the parser accepts it lazily and the first read would fail deep in a module. Decode
    /// every string once, here, so such a body is a 400 and not a 500.
    /// </summary>
    private static void RequireDecodableStrings(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = DocumentOptions.MaxDepth });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                reader.GetString();
            }
        }
    }

    private static void RequireJsonContentType(string? contentType)
    {
        // A missing Content-Type is tolerated (curl -d sends form type, others none); a wrong one is not.
        if (string.IsNullOrEmpty(contentType) || contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim();
        if (!mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            && !mediaType.Equals("application/merge-patch+json", StringComparison.OrdinalIgnoreCase))
        {
            throw Problems.UnsupportedMediaType(contentType);
        }
    }
}
