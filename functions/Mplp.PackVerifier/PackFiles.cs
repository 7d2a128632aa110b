using System.IO.Compression;
using System.Text.RegularExpressions;

namespace Mplp.PackVerifier;

/// <summary>
/// A pack's files by path relative to its one directory, read from a zip (or an unpacked directory)
/// only once its layout passed the contract's rules: at most 1,000 files and 50 MiB, extensions
/// <c>.json .ndjson .yaml .yml .txt .sha256</c>, paths in <c>[a-z0-9./-]</c> (and the contract's own
/// <c>evidence_pointers.json</c>, whose first letter orders it alike in every collation) without
/// <c>..</c>, backslash or symlink.
/// </summary>
public sealed partial class PackFiles
{
    public const int MaxFiles = 1000;
    public const long MaxBytes = 50L * 1024 * 1024;
    private static readonly string[] Extensions = [".json", ".ndjson", ".yaml", ".yml", ".txt", ".sha256"];

    private PackFiles(string root, IReadOnlyDictionary<string, byte[]> files)
    {
        Root = root;
        Files = files;
    }

    public string Root { get; }

    public IReadOnlyDictionary<string, byte[]> Files { get; }

    /// <summary>The pack, or null with what is wrong with its layout.</summary>
    public static PackFiles? Load(string path, List<Finding> failures)
        => Directory.Exists(path) ? LoadDirectory(path, failures) : LoadZip(path, failures);

    private static PackFiles? LoadZip(string path, List<Finding> failures)
    {
        using var zip = ZipFile.OpenRead(path);
        var entries = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
        var roots = entries.Select(e => e.FullName.Split('/')[0]).Distinct(StringComparer.Ordinal).ToList();
        if (roots.Count != 1)
        {
            failures.Add(new Finding(Path.GetFileName(path), $"a pack zip holds exactly one directory; this one has {roots.Count} top-level names"));
            return null;
        }

        foreach (var entry in entries)
        {
            // The Unix mode sits in the high 16 bits of the external attributes: 0xA000 is a symlink.
            CheckPath(entry.FullName, entry.FullName.Length > roots[0].Length ? entry.FullName[(roots[0].Length + 1)..] : "", ((entry.ExternalAttributes >> 16) & 0xF000) == 0xA000, failures);
        }

        if (!CheckLimits(entries.Count, entries.Sum(e => e.Length), failures) || failures.Count > 0)
        {
            return null;
        }

        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[entry.FullName[(roots[0].Length + 1)..]] = copy.ToArray();
        }

        return new PackFiles(roots[0], files);
    }

    private static PackFiles? LoadDirectory(string path, List<Finding> failures)
    {
        var root = new DirectoryInfo(path);
        var all = root.EnumerateFileSystemInfos("*", SearchOption.AllDirectories).ToList();
        var files = all.OfType<FileInfo>().ToList();
        foreach (var info in all.Where(i => i is FileInfo || i.LinkTarget is not null))
        {
            CheckPath(info.FullName, Path.GetRelativePath(root.FullName, info.FullName).Replace(Path.DirectorySeparatorChar, '/'), info.LinkTarget is not null, failures);
        }

        if (!CheckLimits(files.Count, files.Sum(f => f.Length), failures) || failures.Count > 0)
        {
            return null;
        }

        return new PackFiles(root.Name, files.ToDictionary(f => Path.GetRelativePath(root.FullName, f.FullName).Replace(Path.DirectorySeparatorChar, '/'), f => File.ReadAllBytes(f.FullName), StringComparer.Ordinal));
    }

    private static void CheckPath(string name, string relative, bool symlink, List<Finding> failures)
    {
        if (symlink)
        {
            failures.Add(new Finding(name, "a symlink; a pack holds plain files only"));
        }
        else if (name.Contains('\\', StringComparison.Ordinal) || relative.Split('/').Any(s => s is "" or "." or ".."))
        {
            failures.Add(new Finding(name, "not a plain relative path (no backslash, '..', '.' or empty segment)"));
        }
        else if (!AllowedPath().IsMatch(relative) && relative != PackVerifier.Pointers)
        {
            failures.Add(new Finding(name, "outside the alphabet [a-z0-9./-] a pack's paths keep to"));
        }
        else if (!Extensions.Any(e => relative.EndsWith(e, StringComparison.Ordinal)))
        {
            failures.Add(new Finding(name, $"not an allowed extension ({string.Join(' ', Extensions)})"));
        }
    }

    private static bool CheckLimits(int count, long bytes, List<Finding> failures)
    {
        if (count > MaxFiles)
        {
            failures.Add(new Finding("pack", $"{count} files; a pack holds at most {MaxFiles}"));
        }

        if (bytes > MaxBytes)
        {
            failures.Add(new Finding("pack", $"{bytes} bytes; a pack holds at most {MaxBytes}"));
        }

        return count <= MaxFiles && bytes <= MaxBytes;
    }

    [GeneratedRegex("^[a-z0-9./-]+$")]
    private static partial Regex AllowedPath();
}
