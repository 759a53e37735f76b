using Apache.Arrow;
using Lake.Projections.Reading;

namespace Lake.Projections.Snapshots;

/// <summary>Reads snapshot values from Arrow arrays as .NET values: decimal128 as decimal, timestamp[us, UTC] as a UTC DateTime.</summary>
public static class SnapshotValues
{
    public static object? Get(IArrowArray array, int row) => ArrowValues.Get(array, row);
}
