namespace Mplp.Core.Access;

/// <summary>
/// Who makes a request (recorded as <c>meta.created_by</c>/<c>updated_by</c> and in trace events)
/// and where the capability the request needs holds for them.
/// </summary>
public sealed record Actor(string Principal, ContextScope Scope)
{
    /// <summary>Whether this is the platform itself (<see cref="System"/>), whose bookkeeping writes are not held to client limits.</summary>
    public bool IsPlatform { get; private init; }

    /// <summary>The platform acting on its own (a timer, a manifest created on first use): no limits.</summary>
    public static Actor System(string name) => new(name, ContextScope.Everywhere) { IsPlatform = true };
}
