using System.Text.RegularExpressions;

namespace Mplp.Core.Protocol;

/// <summary>MPLP identifiers are lower-case UUID v4 strings (common/identifiers.schema.json).</summary>
public static partial class MplpIds
{
    public static Guid New() => Guid.NewGuid();

    public static bool TryParse(string? text, out Guid id)
    {
        id = Guid.Empty;
        return text is not null && UuidV4().IsMatch(text) && Guid.TryParseExact(text, "D", out id);
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex UuidV4();
}
