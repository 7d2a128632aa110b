using System.Text.RegularExpressions;

namespace Mplp.Core.Protocol;

/// <summary>MPLP identifiers are lower-case UUID v4 strings (common/identifiers.schema.json).</summary>
public static partial class MplpIds
{
    public static Guid New() => Guid.NewGuid();

    /// <summary>
    /// A deterministic id (a Durable orchestration's <c>NewGuid</c>, which is name-based, version 5)
    /// in the UUID v4 form MPLP ids must have: version and variant bits set as v4's, the rest kept.
    /// </summary>
    public static Guid AsV4(Guid id)
    {
        var text = id.ToString("D").ToCharArray();
        text[14] = '4';
        text[19] = "89ab"[Convert.ToInt32(text[19].ToString(), 16) & 0x3];
        return Guid.ParseExact(new string(text), "D");
    }

    public static bool TryParse(string? text, out Guid id)
    {
        id = Guid.Empty;
        return text is not null && UuidV4().IsMatch(text) && Guid.TryParseExact(text, "D", out id);
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex UuidV4();
}
