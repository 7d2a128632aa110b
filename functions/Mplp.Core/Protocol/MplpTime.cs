using System.Globalization;

namespace Mplp.Core.Protocol;

/// <summary>Timestamps as the MPLP examples write them: UTC, millisecond precision, a trailing Z.</summary>
public static class MplpTime
{
    public static string Format(DateTimeOffset at)
        => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
