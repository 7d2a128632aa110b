using System.Buffers.Text;
using System.Text;

namespace Mplp.Core.Documents;

/// <summary>
/// Opaque keyset cursors. Clients must not build them; we only promise that a cursor from
/// <c>next_cursor</c> continues where the page ended, even while rows are inserted.
/// </summary>
public static class Cursor
{
    private const string Prefix = "s:";

    public static string Encode(long position) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + position));

    public static bool TryDecode(string cursor, out long position)
    {
        position = 0;
        if (cursor.Length > 64)
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(cursor);
        }
        catch (FormatException)
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes);
        return text.StartsWith(Prefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(Prefix.Length), System.Globalization.NumberStyles.None, null, out position);
    }
}
