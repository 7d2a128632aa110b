using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Mplp.Core.Modules.EvidencePacks;

/// <summary>
/// A planned pack, holding its database snapshot until written: a zip, in create mode straight onto
/// the output, with one directory (<see cref="PackLayout.DirectoryOf"/>). Each file is hashed as it is
/// written; the sums, the root hash and the signature come last.
/// </summary>
public sealed class PreparedPack(PackSnapshot snapshot, PackSigner signer, PackPlan plan) : IAsyncDisposable
{
    private readonly string _directory = PackLayout.DirectoryOf(plan.ContextId);

    /// <summary>The zip's name for a download.</summary>
    public string FileName => _directory + ".zip";

    public async Task WriteAsync(Stream output, CancellationToken cancellationToken)
    {
        await using var spool = new SpoolStream(output);
        using (var archive = new ZipArchive(spool, ZipArchiveMode.Create, leaveOpen: true))
        {
            var zip = new Zip(archive, spool);
            var sums = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                [PackLayout.Manifest] = await WriteBytesAsync(zip, PackLayout.Manifest, plan.Manifest, cancellationToken),
            };
            foreach (var artifact in plan.Artifacts)
            {
                var path = PackLayout.ArtifactPath(artifact.Name);
                sums[path] = await WriteBytesAsync(zip, path, artifact.Content ?? await StoredAsync(artifact, cancellationToken), cancellationToken);
            }

            sums[PackLayout.Timeline] = await WriteTimelineAsync(zip, cancellationToken);
            sums[PackLayout.EvidencePointers] = await WriteBytesAsync(zip, PackLayout.EvidencePointers, plan.EvidencePointers, cancellationToken);

            // Sorted by path; with paths in [a-z0-9./-] ordinal order is the Lab's localeCompare order.
            var entries = string.Join('\n', sums.Select(s => $"{s.Value}  {s.Key}"));
            var rootHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(entries)));
            await WriteBytesAsync(zip, PackLayout.Sums, Encoding.UTF8.GetBytes(entries + "\n"), cancellationToken);
            await WriteBytesAsync(zip, PackLayout.RootHash, Encoding.UTF8.GetBytes($"{rootHash}  pack\n"), cancellationToken);
            await WriteBytesAsync(zip, PackLayout.Signature, await signer.SignAsync(rootHash, cancellationToken), cancellationToken);
        }

        // The central directory, written as the archive closed.
        await spool.DrainAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => snapshot.DisposeAsync();

    private async Task<byte[]> StoredAsync(PackArtifact artifact, CancellationToken cancellationToken)
    {
        var stored = artifact.Stored!;
        var text = await snapshot.DocumentAsync(stored.Table, stored.Id, cancellationToken);
        var bytes = Encoding.UTF8.GetBytes(text + "\n");
        // One snapshot: the document read now is the one counted before.
        return text is not null && bytes.Length == artifact.Size
            ? bytes
            : throw new InvalidOperationException($"The {stored.Table} {stored.Id} changed within the pack's snapshot.");
    }

    private async Task<string> WriteTimelineAsync(Zip zip, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var positions = plan.Timeline.Lines.Select(l => l.Position).ToList();
        return await WriteEntryAsync(zip, PackLayout.Timeline, async (stream, hash) =>
        {
            var i = 0;
            await foreach (var entry in snapshot.EventsAtAsync(plan.PartitionKey, positions, cancellationToken))
            {
                buffer.ResetWrittenCount();
                PackTimeline.Write(buffer, entry, plan.Evidence.FieldsOf(positions[i++]));
                hash.AppendData(buffer.WrittenSpan);
                stream.Write(buffer.WrittenSpan);
                if (zip.Spool.Pending >= SpoolStream.DrainAt)
                {
                    await zip.Spool.DrainAsync(cancellationToken);
                }
            }
        }, cancellationToken);
    }

    private Task<string> WriteBytesAsync(Zip zip, string path, byte[] content, CancellationToken cancellationToken)
        => WriteEntryAsync(zip, path, (stream, hash) =>
        {
            hash.AppendData(content);
            stream.Write(content);
            return Task.CompletedTask;
        }, cancellationToken);

    /// <returns>The file's SHA-256, lowercase hex.</returns>
    private async Task<string> WriteEntryAsync(Zip zip, string path, Func<Stream, IncrementalHash, Task> write, CancellationToken cancellationToken)
    {
        var entry = zip.Archive.CreateEntry($"{_directory}/{path}", CompressionLevel.Optimal);
        entry.LastWriteTime = plan.CreatedAt;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // Synchronous on purpose: the zip writes into the spool, which goes out asynchronously.
        using (var stream = entry.Open())
        {
            await write(stream, hash);
        }

        await zip.Spool.DrainAsync(cancellationToken);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The archive and the spool it writes into.</summary>
    private sealed record Zip(ZipArchive Archive, SpoolStream Spool);
}
