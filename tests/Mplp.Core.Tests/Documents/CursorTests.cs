using Mplp.Core.Documents;

namespace Mplp.Core.Tests.Documents;

public sealed class CursorTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(42L)]
    [InlineData(long.MaxValue)]
    public void TryDecode_EncodedPosition_RoundTrips(long position)
    {
        Assert.True(Cursor.TryDecode(Cursor.Encode(position), out var decoded));
        Assert.Equal(position, decoded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a cursor")]
    [InlineData("czotMQ")] // "s:-1"
    [InlineData("eDox")] // "x:1"
    [InlineData("czoxOTk5OTk5OTk5OTk5OTk5OTk5OTk5")] // overflows a long
    public void TryDecode_ForgedCursor_IsRefused(string cursor)
    {
        Assert.False(Cursor.TryDecode(cursor, out _));
    }
}
