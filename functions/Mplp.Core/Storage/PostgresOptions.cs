namespace Mplp.Core.Storage;

public sealed class PostgresOptions
{
    public const string Section = "Mplp:Postgres";

    /// <summary>An Npgsql connection string, e.g. <c>Host=127.0.0.1;Port=55432;Username=mplp;Database=mplp</c>.</summary>
    public string ConnectionString { get; set; } = "";
}
