namespace Mplp.DevHost.Timers;

/// <summary>
/// The zone cron schedules run in: <c>WEBSITE_TIME_ZONE</c> (what Windows Function apps read), else
/// <c>TZ</c> (what Linux ones read), else UTC, the Functions host's default. Not the machine's own
/// zone: a schedule must fire at the same moment on a laptop as in Azure.
/// </summary>
public static class TimerTimeZone
{
    /// <exception cref="InvalidOperationException">The setting names no zone this machine knows.</exception>
    public static TimeZoneInfo Resolve(IConfiguration configuration)
    {
        var id = new[] { configuration["WEBSITE_TIME_ZONE"], configuration["TZ"] }.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        if (id is null)
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            // Windows ids (WEBSITE_TIME_ZONE) and IANA ids (TZ) both resolve on .NET with ICU; glibc also
            // accepts TZ=":Europe/Berlin".
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim().TrimStart(':'));
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidOperationException($"The time zone '{id}' (WEBSITE_TIME_ZONE or TZ) is unknown on this machine.", e);
        }
    }
}
