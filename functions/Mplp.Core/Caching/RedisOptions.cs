namespace Mplp.Core.Caching;

/// <summary>
/// Configuration section <c>Mplp:Redis</c>. Optional: without it every instance caches on its own and
/// catches up with the others' changes within its freshness window (see <see cref="CacheInvalidation"/>).
/// </summary>
public sealed class RedisOptions
{
    public const string Section = "Mplp:Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string, e.g. <c>redis:6379,password=...</c>, or with Sentinel
    /// <c>sentinel:26379,serviceName=mplp,password=...</c>. Holds a password: keep it in a Secret or Key Vault.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>
    /// The pub/sub channel of this installation. By default it is named after the PostgreSQL host and
    /// database, so installations sharing one Redis but not one database do not hear each other.
    /// </summary>
    public string? Channel { get; set; }
}
