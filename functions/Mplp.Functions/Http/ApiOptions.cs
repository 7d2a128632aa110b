namespace Mplp.Functions.Http;

public sealed class ApiOptions
{
    public const string Section = "Mplp:Api";

    /// <summary>Largest accepted request body; MPLP objects are small, anything near this is a mistake or abuse.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;
}
