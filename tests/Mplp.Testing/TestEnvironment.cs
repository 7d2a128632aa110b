namespace Mplp.Testing;

/// <summary>
/// The service addresses <c>./mplp test</c> exports. Missing settings fail the test with what to do:
/// an integration test that silently skips would pass on a machine that proves nothing.
/// </summary>
public static class TestEnvironment
{
    public const string PostgresVariable = "Mplp__Postgres__ConnectionString";

    public static string PostgresConnectionString => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"{PostgresVariable} is not set: run the tests with './mplp test', which starts PostgreSQL and Azurite.");

    public static string StorageConnectionString => Environment.GetEnvironmentVariable("AzureWebJobsStorage") is { Length: > 0 } value
        ? value
        : "UseDevelopmentStorage=true";

    private static string Required(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"{variable} is not set: run the tests with './mplp test', which starts Redis too.");

    /// <summary>The Redis <c>./mplp test</c> starts (host:port), for the tests of cross-instance cache invalidation.</summary>
    public static string Redis => Required("MPLP_TEST_REDIS");

    /// <summary>The Sentinel <c>./mplp test</c> starts beside that Redis (host:port), watching it as service <c>mplp</c>.</summary>
    public static string RedisSentinel => Required("MPLP_TEST_REDIS_SENTINEL");

    /// <summary>A name no other test run uses: lower-case letters and digits, valid for databases, tables and queues.</summary>
    public static string UniqueName(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 16, 40)];
}
