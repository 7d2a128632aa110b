using Mplp.Core.Documents;

namespace Mplp.Core.Tests.Documents;

public sealed class CursorTests
{
    [Theory(Timeout = 5_000)]
    [InlineData(0L)]
    [InlineData(42L)]
    [InlineData(long.MaxValue)]
    public async Task TryDecode_EncodedPosition_RoundTrips(long position)
    {
        await Task.Yield();
        Assert.True(Cursor.TryDecode(Cursor.Encode(position), out var decoded));
        Assert.Equal(position, decoded);
    }

    [Theory(Timeout = 5_000)]
    [InlineData("")]
    [InlineData("not a cursor")]
    [InlineData("czotMQ")] // "s:-1"
    [InlineData("eDox")] // "x:1"
    [InlineData("czoxOTk5OTk5OTk5OTk5OTk5OTk5OTk5")] // overflows a long
    public async Task TryDecode_ForgedCursor_IsRefused(string cursor)
    {
        await Task.Yield();
        Assert.False(Cursor.TryDecode(cursor, out _));
    }
}
