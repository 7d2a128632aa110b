using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Mplp.Testing;

/// <summary>
/// A redis-server of one test's own (the binary <c>./mplp test</c> installs), on a port chosen up
/// front so a test can point hosts at it before it runs, stop it and start it again: the shared Redis
/// must not go away under other tests.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private Process? _process;

    public int Port { get; } = FreePort();

    /// <summary>A StackExchange.Redis configuration string for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", $"{Port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        while (!await AcceptsAsync())
        {
            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Kills the server, as a crash or a lost node would (no goodbye to its clients).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    private async Task<bool> AcceptsAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException) when (_process is { HasExited: false })
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
