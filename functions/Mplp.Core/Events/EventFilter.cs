namespace Mplp.Core.Events;

/// <summary>Which events of a trace a reader wants; an empty list (or no plan) lets every value through.</summary>
public sealed record EventFilter(IReadOnlyList<string> EventTypes, IReadOnlyList<string> EventFamilies, string? PlanId)
{
    public static readonly EventFilter All = new([], [], null);
}
