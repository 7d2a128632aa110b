namespace Mplp.Core.Configuration;

/// <summary>
/// <c>Mplp:PublicBaseUrl</c>: where clients reach the API (e.g. <c>https://mplp.example.com</c>, a path
/// prefix allowed). Events that ask a person to act carry absolute links under it; unset, only paths.
/// </summary>
public sealed class PublicUrlOptions
{
    public const string Section = "Mplp";

    public Uri? PublicBaseUrl { get; set; }

    /// <summary>The absolute URL of <paramref name="path"/> (starting with <c>/</c>), or null without a base URL.</summary>
    public string? Absolute(string path)
        => PublicBaseUrl is { } baseUrl ? baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + path : null;
}
