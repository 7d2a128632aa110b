using System.Reflection;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Mplp.Testing.Protocol;

/// <summary>
/// One invariant of the MPLP invariant files (<c>invariants/*.yaml</c>, a flow's <c>invariants.yaml</c>):
/// a <see cref="Rule"/> on the value(s) at <see cref="Path"/> of the object of <see cref="Scope"/>, or,
/// without a rule, a descriptive invariant checked by a custom check (<see cref="MapEventChecks"/>).
/// </summary>
public sealed class Invariant
{
    public string Id { get; set; } = "";

    public string? Scope { get; set; }

    public string? Path { get; set; }

    public string? Rule { get; set; }

    public string? Description { get; set; }

    public string? Note { get; set; }

    /// <summary>
    /// The invariants of a file: a map with an <c>invariants</c> list (the protocol's files and the
    /// golden flows') or a bare list (golden/invariants).
    /// </summary>
    public static IReadOnlyList<Invariant> Parse(string yaml)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).IgnoreUnmatchedProperties().Build();
        var document = new YamlStream();
        document.Load(new StringReader(yaml));
        return document.Documents[0].RootNode is YamlSequenceNode
            ? deserializer.Deserialize<List<Invariant>>(yaml)
            : deserializer.Deserialize<InvariantFile>(yaml).Invariants;
    }

    /// <summary>The protocol's own invariant files, vendored here: <c>observability</c>, <c>sa</c> or <c>map</c>.</summary>
    public static IReadOnlyList<Invariant> Protocol(string name)
    {
        var resource = $"mplp/invariants/{name}-invariants.yaml";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new ArgumentException($"No vendored invariant file '{resource}'.", nameof(name));
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    public override string ToString() => $"{Id} ({Scope} {Path} {Rule})";

    private sealed class InvariantFile
    {
        public List<Invariant> Invariants { get; set; } = [];
    }
}

/// <summary>An invariant that does not hold: where (a JSON Pointer in the object of its scope) and why.</summary>
public sealed record InvariantViolation(string InvariantId, string Path, string Message)
{
    public override string ToString() => $"{InvariantId} at {Path}: {Message}";
}
