using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Mplp.DevHost.Tests.Hosting;

/// <summary>
/// A dev host exe started as <c>dotnet &lt;dll&gt; --port 0</c>, like a developer starts it. Its
/// output is kept: the base address is read from it, and a failing test shows it.
/// </summary>
public sealed partial class DevHostChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DevHostChildProcess(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = null!;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static async Task<DevHostChildProcess> StartAsync(string assembly, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { assembly, "--port", "0" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach ((var name, var value) in environment)
        {
            start.Environment[name] = value;
        }

        var host = new DevHostChildProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
        host._process.OutputDataReceived += (_, e) => host.Append(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        host.BaseAddress = await host.WaitForListeningAsync(cancellationToken);
        return host;
    }

    /// <summary>SIGKILL: no shutdown code runs, as when a machine or a process dies.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as Ctrl-C or an orchestrator sends; returns how long the host took to exit.</summary>
    public async Task<TimeSpan> TerminateAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        await _process.WaitForExitAsync(cancellationToken);
        return stopwatch.Elapsed;
    }

    /// <summary>Log lines are written asynchronously: wait for one rather than expect it at once.</summary>
    public Task WaitForOutputAsync(string contains, TimeSpan timeout, CancellationToken cancellationToken)
        => Eventually.WaitAsync(
            () => Task.FromResult(Output.Contains(contains, StringComparison.Ordinal) ? contains : null),
            timeout,
            $"the dev host to log '{contains}'",
            cancellationToken);

    public int CountLines(string contains)
        => Output.Split('\n').Count(line => line.Contains(contains, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private async Task<Uri> WaitForListeningAsync(CancellationToken cancellationToken)
    {
        // Completes once the process has exited and its output has been read to the end.
        var exited = _process.WaitForExitAsync(CancellationToken.None);
        var finished = await Task.WhenAny(_listening.Task, exited, Task.Delay(Timeout.Infinite, cancellationToken));
        if (finished == exited)
        {
            throw new InvalidOperationException($"The dev host exited with {_process.ExitCode} before listening:\n{Output}");
        }

        if (finished != _listening.Task)
        {
            throw new TimeoutException($"The dev host did not say it was listening:\n{Output}");
        }

        return await _listening.Task;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"listening on (http://\S+)")]
    private static partial Regex ListeningLine();
}
