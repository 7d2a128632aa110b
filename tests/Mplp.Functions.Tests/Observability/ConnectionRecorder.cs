using System.Net;
using System.Net.Sockets;

namespace Mplp.Functions.Tests.Observability;

/// <summary>
/// Stands in for a collector on a port: accepts TCP connections from IPv4 and IPv6 loopback
/// (<c>localhost</c> may be either) and counts them. It answers nothing: an attempt is what counts.
/// </summary>
internal sealed class ConnectionRecorder : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private int _accepted;

    public ConnectionRecorder(int port)
    {
        Port = port;
        _listener = new TcpListener(IPAddress.IPv6Any, port);
        _listener.Server.DualMode = true;
        try
        {
            _listener.Start();
        }
        catch (SocketException e)
        {
            throw new InvalidOperationException($"Port {port} is taken: this test needs it free to stand in for the OTLP default endpoint.", e);
        }

        _ = AcceptAsync();
    }

    public int Port { get; }

    public int Accepted => Volatile.Read(ref _accepted);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _accepted);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }
}
