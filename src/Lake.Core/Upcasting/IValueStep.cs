namespace Lake.Core.Upcasting;

/// <summary>
/// An operation's change to one non-null value, without the field moves around it: what a <see cref="VersionPlan"/> replays
/// on the values it reads. False where the operation would quarantine the event.
/// </summary>
internal interface IValueStep
{
    bool TryApply(object value, out object? result);
}
