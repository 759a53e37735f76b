namespace Lake.Core.Upcasting;

/// <summary>
/// Stands for one declared field's value while a <see cref="VersionPlan"/> runs a version's operations over a template of the
/// data: the operations move it as they would move the value, and the value steps they would apply to it are recorded.
/// </summary>
internal sealed class PlannedValue
{
    public List<IValueStep> Steps { get; } = [];

    /// <summary>Records <paramref name="step"/> and returns the same placeholder, so where it ends up still tells whose value it is.</summary>
    public PlannedValue Then(IValueStep step)
    {
        Steps.Add(step);
        return this;
    }
}
