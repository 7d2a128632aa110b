using System.Text.Json;
using System.Text.Json.Nodes;
using Mplp.Core.Protocol;

namespace Mplp.Core.Modules.Extensions.Webhooks;

/// <summary>
/// A webhook subscription as an Extension holds it: <c>config.webhook {url, event_types[], event_families[]}</c>
/// on an extension of type <c>integration</c>. Empty filters: every event of the context.
/// </summary>
public sealed record WebhookConfig(Uri Url, IReadOnlyList<string> EventTypes, IReadOnlyList<string> EventFamilies)
{
    public const string ExtensionType = "integration";
    private const string UrlPath = "/config/webhook/url";
    private static readonly string[] Keys = ["url", "event_types", "event_families"];

    /// <summary>The webhook of a valid extension document, or null if it has none.</summary>
    public static WebhookConfig? Of(JsonObject extension)
    {
        if (extension["config"]?["webhook"] is not JsonObject webhook || Check(extension).Count > 0)
        {
            return null;
        }

        return new WebhookConfig(new Uri(webhook["url"]!.GetValue<string>()), Strings(webhook["event_types"]), Strings(webhook["event_families"]));
    }

    /// <summary>The extension module's rules for <c>config.webhook</c>: its shape; where it may send is <see cref="WebhookTargets"/>' to say.</summary>
    public static IReadOnlyList<SchemaError> Check(JsonObject extension)
    {
        if (extension["config"] is not JsonObject config || !config.TryGetPropertyValue("webhook", out var node))
        {
            return [];
        }

        var errors = new List<SchemaError>();
        if (extension["extension_type"]?.GetValue<string>() != ExtensionType)
        {
            errors.Add(new SchemaError("/extension_type", $"must be '{ExtensionType}' for an extension with config.webhook"));
        }

        if (node is not JsonObject webhook)
        {
            errors.Add(new SchemaError("/config/webhook", "must be an object"));
            return errors;
        }

        errors.AddRange(webhook.Where(p => !Keys.Contains(p.Key)).Select(p => new SchemaError($"/config/webhook/{p.Key}", $"is not a webhook setting; known: {string.Join(", ", Keys)}")));
        if (UrlRefusal(webhook["url"]) is { } refusal)
        {
            errors.Add(new SchemaError(UrlPath, refusal));
        }

        foreach (var filter in Keys[1..])
        {
            if (webhook[filter] is { } value && (value is not JsonArray items || items.Any(i => i?.GetValueKind() != JsonValueKind.String || i.GetValue<string>().Length == 0)))
            {
                errors.Add(new SchemaError($"/config/webhook/{filter}", "must be an array of non-empty strings"));
            }
        }

        return errors;
    }

    private static string? UrlRefusal(JsonNode? url)
    {
        if (url?.GetValueKind() != JsonValueKind.String)
        {
            return "is required: the absolute http(s) URL to deliver to";
        }

        return Uri.TryCreate(url.GetValue<string>(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.UserInfo.Length == 0
            ? null
            : "must be an absolute http(s) URL without user information";
    }

    private static string[] Strings(JsonNode? node) => node is JsonArray items ? [.. items.Select(i => i!.GetValue<string>())] : [];
}
