namespace Lake.Projections;

/// <summary>
/// A fold of curated events into one row per key. Declarative YAML projections and C# projections (subclasses compiled from a
/// pipeline's <c>projections/*.cs</c>) both implement it. All state a projection keeps must live in the
/// <see cref="ProjectionState"/> (rows and lookups): that is what checkpoints store, so private fields would break reuse.
/// A row may depend on its own key's events and on lookups, never on another key's row: a rebuild of one key shard (or one pass
/// under a key budget) holds only its keys' rows, and <see cref="ProjectionState.TryGetRow"/> is false for the others.
/// </summary>
public abstract class Projection
{
    /// <summary>The projection's name, used in paths (<c>snapshots/projection=&lt;name&gt;</c>) and on the command line.</summary>
    public abstract string Name { get; }

    /// <summary>The name of the key column (a string), the first column of the snapshot.</summary>
    public abstract string KeyColumn { get; }

    /// <summary>The other columns, in snapshot order.</summary>
    public abstract IReadOnlyList<ProjectionColumn> Columns { get; }

    /// <summary>The curated event types the projection reads; others are never read from the lake.</summary>
    public abstract IReadOnlyList<string> EventTypes { get; }

    /// <summary>Top-level fields of <paramref name="eventType"/> the projection reads; null reads every field.</summary>
    public virtual IReadOnlyCollection<string>? FieldsOf(string eventType) => null;

    /// <summary>
    /// True when each event touches only the row of the key <see cref="KeyOf"/> names, reads no other row and keeps no lookups, so
    /// events of other keys can be skipped and keys folded on several threads. False (the default) for projections that reach rows
    /// through lookups or other events.
    /// </summary>
    public virtual bool KeysAreInEvents => false;

    /// <summary>The key of the only row <paramref name="e"/> touches (null: none); only called when <see cref="KeysAreInEvents"/>.</summary>
    public virtual string? KeyOf(ProjectionEvent e) => throw new NotSupportedException($"projection '{Name}' does not name its keys in events");

    /// <summary>Applies one event (in fold order, each event id once). The event is a view valid only during this call.</summary>
    public abstract void Apply(ProjectionEvent e, ProjectionState state);
}
