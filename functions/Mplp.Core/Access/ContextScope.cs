using Mplp.Core.Errors;

namespace Mplp.Core.Access;

/// <summary>
/// The contexts in which a caller holds the capability of the current request: everywhere (a role
/// assigned without a context) or only in some contexts (roles assigned within contexts). Checked
/// where the object's context is known, so a context-scoped caller never reaches another context.
/// </summary>
public sealed class ContextScope
{
    public static readonly ContextScope Everywhere = new(null, "*");

    private readonly IReadOnlySet<Guid>? _contexts;
    private readonly string _capability;

    private ContextScope(IReadOnlySet<Guid>? contexts, string capability)
    {
        _contexts = contexts;
        _capability = capability;
    }

    public static ContextScope Only(IReadOnlySet<Guid> contexts, string capability) => new(contexts, capability);

    public bool IsEverywhere => _contexts is null;

    public bool Allows(Guid? contextId) => _contexts is null || (contextId is { } id && _contexts.Contains(id));

    /// <summary>403 unless the capability holds in <paramref name="contextId"/> (null: an object outside any context).</summary>
    public void Require(Guid? contextId)
    {
        if (!Allows(contextId))
        {
            throw Problems.Forbidden(_capability, contextId is { } id
                ? $"The caller holds '{_capability}' only within other contexts than {id}."
                : $"The caller holds '{_capability}' only within contexts; this needs it without a context.");
        }
    }

    /// <summary>For a list: a context-scoped caller must filter by one of its contexts.</summary>
    public void RequireFilter(Guid? contextFilter)
    {
        if (!Allows(contextFilter))
        {
            throw Problems.Forbidden(_capability, $"The caller holds '{_capability}' only within some contexts; filter by one of them with context_id.");
        }
    }
}
