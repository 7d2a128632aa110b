namespace Mplp.Benchmarks;

/// <summary>Two instances of one installation (<c>--pair NAME=URL_A,URL_B</c>): changes are made on A, the principal calls B.</summary>
public sealed record HostPair(string Name, Uri A, Uri B);
