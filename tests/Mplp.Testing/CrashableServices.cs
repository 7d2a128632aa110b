using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Mplp.Testing;

/// <summary>
/// A PostgreSQL cluster and an Azurite of one test's own, on free ports, that the test may crash and
/// start again: the shared ones must never go away under other tests. PostgreSQL comes from the
/// server binaries <c>./mplp</c> uses (run as user postgres when the tests run as root, as it does);
/// Azurite from the repository's node_modules, persisting to disk as the shared one does.
/// </summary>
public sealed class CrashableServices : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly string _root = Path.Combine(Path.GetTempPath(), TestEnvironment.UniqueName("mplp-crash-"));
    private readonly int _postgresPort = FreePort();
    private readonly int[] _storagePorts = [FreePort(), FreePort(), FreePort()];
    private Process? _azurite;

    public string PostgresConnectionString => $"Host=127.0.0.1;Port={_postgresPort};Username=mplp;Database=postgres;Timeout=5";

    public string StorageConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{_storagePorts[0]}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{_storagePorts[1]}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{_storagePorts[2]}/devstoreaccount1;";

    private string PostgresData => Path.Combine(_root, "postgres");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(PostgresData);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", ["-R", "postgres:", _root], cancellationToken);
        }

        await RunPostgresToolAsync("initdb", ["-D", PostgresData, "-U", "mplp", "--auth=trust", "-E", "UTF8", "--locale=C"], cancellationToken);
        await File.AppendAllTextAsync(Path.Combine(PostgresData, "postgresql.conf"), "listen_addresses = '127.0.0.1'\nunix_socket_directories = ''\nmax_connections = 100\n", cancellationToken);
        await StartPostgresAsync(cancellationToken);
        await StartAzuriteAsync(cancellationToken);
    }

    /// <summary>An immediate shutdown: every backend quits at once, no checkpoint; recovery runs at the next start.</summary>
    public Task CrashPostgresAsync(CancellationToken cancellationToken)
        => RunPostgresToolAsync("pg_ctl", ["-D", PostgresData, "-m", "immediate", "-w", "stop"], cancellationToken);

    public Task StartPostgresAsync(CancellationToken cancellationToken)
        => RunPostgresToolAsync("pg_ctl", ["-D", PostgresData, "-l", Path.Combine(_root, "postgres.log"), "-o", $"-p {_postgresPort}", "-w", "-t", "60", "start"], cancellationToken);

    /// <summary>kill -9: what Azurite had not written to disk is gone.</summary>
    public async Task KillAzuriteAsync()
    {
        if (_azurite is { HasExited: false } azurite)
        {
            azurite.Kill(entireProcessTree: true);
            await azurite.WaitForExitAsync();
        }

        _azurite?.Dispose();
        _azurite = null;
    }

    public async Task StartAzuriteAsync(CancellationToken cancellationToken)
    {
        var azurite = Path.Combine(RepositoryRoot(), "node_modules", ".bin", "azurite");
        _azurite = Process.Start(new ProcessStartInfo(azurite)
        {
            ArgumentList =
            {
                "--silent", "--skipApiVersionCheck", "--loose", "--location", Path.Combine(_root, "azurite"),
                "--blobHost", "127.0.0.1", "--blobPort", $"{_storagePorts[0]}", "--queueHost", "127.0.0.1", "--queuePort", $"{_storagePorts[1]}",
                "--tableHost", "127.0.0.1", "--tablePort", $"{_storagePorts[2]}",
            },
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("Azurite did not start");
        foreach (var port in _storagePorts)
        {
            while (!await AcceptsAsync(port))
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAzuriteAsync();
        try
        {
            await CrashPostgresAsync(CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Not running.
        }

        Directory.Delete(_root, recursive: true);
    }

    private Task RunPostgresToolAsync(string tool, string[] arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(PostgresBin(), tool);
        return Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments], cancellationToken)
            : RunAsync(path, arguments, cancellationToken);
    }

    private static async Task RunAsync(string fileName, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }

    /// <summary>As <c>./mplp</c> finds them: MPLP_PG_BIN, else the newest /usr/lib/postgresql/*/bin.</summary>
    private static string PostgresBin()
        => Environment.GetEnvironmentVariable("MPLP_PG_BIN") is { Length: > 0 } bin
            ? bin
            : Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var major) ? major : 0)
                .FirstOrDefault() ?? throw new InvalidOperationException("PostgreSQL server binaries not found: set MPLP_PG_BIN.");

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Mplp.Functions.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Tests must run inside the repository.");
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
