namespace Mplp.Core.Modules.EvidencePacks;

/// <summary>
/// Between the zip and the response. Kestrel refuses synchronous writes, and <c>ZipArchive</c> still
/// writes synchronously where an entry or the archive closes (.NET 10), so the zip writes into this
/// spool, which the pack's writer empties onto the output asynchronously as it goes (after each
/// file, and every <see cref="DrainAt"/> bytes within one): memory stays bounded by that.
/// </summary>
public sealed class SpoolStream(Stream output) : Stream
{
    public const int DrainAt = 256 * 1024;

    private readonly MemoryStream _spool = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    /// <summary>Bytes written and not yet drained.</summary>
    public long Pending => _spool.Length;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Moves what was written so far to the output.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (_spool.Length > 0)
        {
            await output.WriteAsync(_spool.GetBuffer().AsMemory(0, (int)_spool.Length), cancellationToken);
            _spool.SetLength(0);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => _spool.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _spool.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        _spool.Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _spool.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
        // Draining is the writer's, asynchronously.
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _spool.Dispose();
        }

        base.Dispose(disposing);
    }
}
