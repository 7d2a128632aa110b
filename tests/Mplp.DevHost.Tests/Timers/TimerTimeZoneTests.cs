using Microsoft.Extensions.Configuration;
using Mplp.DevHost.Timers;

namespace Mplp.DevHost.Tests.Timers;

public sealed class TimerTimeZoneTests
{
    [Fact]
    public void Resolve_NothingSet_IsUtc()
    {
        Assert.Equal(TimeZoneInfo.Utc, TimerTimeZone.Resolve(Settings()));
    }

    [Fact]
    public void Resolve_WebsiteTimeZone_WinsOverTz()
    {
        var zone = TimerTimeZone.Resolve(Settings(("WEBSITE_TIME_ZONE", "W. Europe Standard Time"), ("TZ", "America/New_York")));

        Assert.Equal(TimeSpan.FromHours(1), zone.GetUtcOffset(new DateTime(2026, 1, 15, 12, 0, 0, DateTimeKind.Utc)));
    }

    [Theory]
    [InlineData("America/New_York")]
    [InlineData(":America/New_York")]
    public void Resolve_Tz_IsUsed(string tz)
    {
        var zone = TimerTimeZone.Resolve(Settings(("TZ", tz)));

        Assert.Equal(TimeSpan.FromHours(-5), zone.GetUtcOffset(new DateTime(2026, 1, 15, 12, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void Resolve_UnknownZone_SaysWhichSetting()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => TimerTimeZone.Resolve(Settings(("TZ", "Mars/Olympus_Mons"))));

        Assert.Contains("Mars/Olympus_Mons", refused.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values)
        => new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
