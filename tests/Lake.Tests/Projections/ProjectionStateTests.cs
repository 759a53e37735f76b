using Lake.Parquet;
using Lake.Core.Schema;
using Lake.Projections;
using Lake.Projections.Sharding;
using Lake.Projections.Snapshots;

namespace Lake.Tests.Projections;

/// <summary>
/// The state's typed row store: every column kind keeps its value and its nulls through set, snapshot and reload, key splits and
/// narrowing move whole rows, and a value of the wrong type is refused with the projection, key and column named.
/// </summary>
public sealed class ProjectionStateTests
{
    private sealed class EveryKind : Projection
    {
        public override string Name => "every_kind";
        public override string KeyColumn => "id";
        public override IReadOnlyList<ProjectionColumn> Columns { get; } =
        [
            new("s", FieldType.String),
            new("e", FieldType.Enum(["a", "b"]), "a"),
            new("flag", FieldType.Bool),
            new("i32", FieldType.Int32, 7),
            new("i64", FieldType.Int64, 0L),
            new("d", FieldType.Double),
            new("money", FieldType.Decimal(18, 2), 0),
            new("at", FieldType.Timestamp),
            new("day", FieldType.Date),
        ];
        public override IReadOnlyList<string> EventTypes => [];
        public override void Apply(ProjectionEvent e, ProjectionState state) { }
    }

    private static readonly DateTime At = new DateTime(2026, 6, 30, 23, 59, 59, 123, DateTimeKind.Utc).AddTicks(4560);

    // Both signs, the largest magnitude decimal(18,2) holds, and values with fewer decimals than the column's scale.
    private static decimal Money(int k) => (k % 2 == 0 ? 1 : -1) * (k % 5 == 0 ? 9999999999999999.99m : 12345678901234.5m + k);

    private static ProjectionState Filled(int keys)
    {
        var state = new ProjectionState(new EveryKind());
        for (var k = 0; k < keys; k++)
        {
            var row = state.Row($"k-{k:D4}");
            if (k % 3 == 0) continue; // initial values only
            row["s"] = $"name {k}";
            row["e"] = "b";
            row["flag"] = k % 2 == 0;
            row["i32"] = -k;
            row["i64"] = long.MaxValue - k;
            row["d"] = k / 3.0;
            row["money"] = Money(k);
            row["at"] = At.AddDays(k);
            row["day"] = DateOnly.FromDateTime(At).AddDays(-k);
        }
        return state;
    }

    private static void AssertRow(ProjectionState state, int k)
    {
        Assert.True(state.TryGetRow($"k-{k:D4}", out var row), $"k-{k:D4} is in the state");
        if (k % 3 == 0)
        {
            Assert.Equal<object?>([null, "a", null, 7, 0L, null, 0m, null, null], state.Projection.Columns.Select(c => row[c.Name]).ToArray());
            return;
        }
        object?[] expected = [$"name {k}", "b", k % 2 == 0, -k, long.MaxValue - k, k / 3.0, Money(k), At.AddDays(k), DateOnly.FromDateTime(At).AddDays(-k)];
        Assert.Equal(expected, state.Projection.Columns.Select(c => row[c.Name]).ToArray());
        Assert.Equal(DateTimeKind.Utc, ((DateTime)row["at"]!).Kind);
        Assert.Equal(long.MaxValue - k, row.Int64("i64"));
        Assert.Equal(Money(k), row.Decimal("money"));
    }

    [Fact]
    public async Task Every_column_kind_keeps_its_values_and_nulls_through_a_snapshot_and_a_reload()
    {
        var state = Filled(300);
        for (var k = 0; k < 300; k++) AssertRow(state, k);

        var bytes = await SnapshotFile.WriteAsync(state, new Dictionary<string, string>());
        var reloaded = await SnapshotFile.ReadStateAsync(state.Projection, bytes);
        Assert.Equal(300, reloaded.Count);
        for (var k = 0; k < 300; k++) AssertRow(reloaded, k);
        Assert.Equal(bytes, await SnapshotFile.WriteAsync(reloaded, new Dictionary<string, string>()));
        // Merges write from rows, single rebuilds from the typed state: both must give the very same bytes.
        using var fromRows = new MemoryStream();
        SnapshotFile.Write(state.Projection, SnapshotFile.SortedRows(state), new Dictionary<string, string>(), fromRows);
        Assert.Equal(bytes, fromRows.ToArray());
    }

    [Fact]
    public void Setting_a_column_to_null_clears_it_and_a_new_row_starts_from_the_initial_values_again()
    {
        var state = Filled(3);
        var row = state.Row("k-0001");
        row["money"] = null;
        row["s"] = null;
        Assert.Null(row["money"]);
        Assert.Null(row["s"]);
        Assert.Equal(0m, row.Decimal("money"));
        Assert.Equal(7, state.Row("k-new")["i32"]);
        Assert.Null(state.Row("k-new")["s"]);
    }

    [Fact]
    public void Splitting_and_narrowing_move_whole_rows_to_the_shards_that_hold_their_keys()
    {
        var state = Filled(500);
        var parts = state.Partition(4);
        Assert.Equal(0, state.Count);
        Assert.Equal(500, parts.Sum(p => p.Count));
        foreach (var part in parts)
        {
            for (var k = 0; k < 500; k++)
            {
                if (part.Shard.Contains($"k-{k:D4}")) AssertRow(part, k);
                else Assert.False(part.TryGetRow($"k-{k:D4}", out _));
            }
        }
        state.Absorb(parts);
        Assert.Equal(500, state.Count);
        for (var k = 0; k < 500; k++) AssertRow(state, k);

        var lower = new KeyShard(0, 2);
        state.Narrow(lower);
        var kept = Enumerable.Range(0, 500).Where(k => lower.Contains($"k-{k:D4}")).ToList();
        Assert.Equal(kept.Count, state.Count);
        foreach (var k in kept) AssertRow(state, k);
        // A key of the other half folds into a scratch row that the state does not keep.
        var other = Enumerable.Range(0, 500).First(k => !lower.Contains($"k-{k:D4}"));
        state.Row($"k-{other:D4}")["s"] = "scratch";
        Assert.False(state.TryGetRow($"k-{other:D4}", out _));
        Assert.Equal(kept.Count, state.Count);
    }

    private sealed class Narrow : Projection
    {
        public override string Name => "narrow";
        public override string KeyColumn => "id";
        public override IReadOnlyList<ProjectionColumn> Columns { get; } = [new("amount", FieldType.Decimal(4, 2))];
        public override IReadOnlyList<string> EventTypes => [];
        public override void Apply(ProjectionEvent e, ProjectionState state) { }
    }

    [Fact]
    public async Task A_decimal_beyond_its_declared_precision_is_refused_when_the_snapshot_is_written_not_stored_truncated()
    {
        var state = new ProjectionState(new Narrow());
        state.Row("fits")["amount"] = -99.99m;
        var bytes = await SnapshotFile.WriteAsync(state, new Dictionary<string, string>());
        Assert.Equal(-99.99m, (await SnapshotFile.ReadStateAsync(state.Projection, bytes)).Row("fits")["amount"]);

        // 300.00 fits the column's two bytes but not its four digits: ParquetSharp's own writer stored such values, and 327.68
        // read back as -327.68.
        foreach (var tooLarge in new[] { 100.00m, 300.00m, -327.68m, 1000.00m })
        {
            var bad = new ProjectionState(new Narrow());
            bad.Row("too-large")["amount"] = tooLarge;
            var error = await Assert.ThrowsAsync<OverflowException>(() => SnapshotFile.WriteAsync(bad, new Dictionary<string, string>()));
            Assert.Contains($"decimal {tooLarge}", error.Message);
            Assert.Contains("decimal(4,2)", error.Message);
        }
    }

    [Fact]
    public void Decimal_columns_hold_the_very_bytes_ParquetSharps_own_writer_stores()
    {
        var random = new Random(7);
        foreach (var (precision, scale) in new[] { (18, 2), (28, 10), (9, 0), (4, 2) })
        {
            var max = (decimal)Math.Pow(10, Math.Min(precision, 18) - scale) - 1;
            var values = Enumerable.Range(0, 2_000).Select(i => i % 11 == 0 ? (decimal?)null
                : Math.Round((decimal)(random.NextDouble() * 2 - 1) * max, random.Next(0, scale + 3), MidpointRounding.ToZero)).ToArray();
            byte[] Written(Action<ParquetSharp.ColumnWriter> write)
            {
                using var ms = new MemoryStream();
                using (var stream = new ParquetSharp.IO.ManagedOutputStream(ms, leaveOpen: true))
                using (var properties = new ParquetSharp.WriterPropertiesBuilder().Compression(ParquetSharp.Compression.Zstd).CreatedBy("lake").Build())
                using (var writer = new ParquetSharp.ParquetFileWriter(stream, [new ParquetSharp.Column<decimal?>("d", ParquetSharp.LogicalType.Decimal(precision, scale))], properties))
                {
                    using (var rowGroup = writer.AppendRowGroup()) write(rowGroup.NextColumn());
                    writer.Close();
                }
                return ms.ToArray();
            }
            var theirs = Written(column => { using var w = column.LogicalWriter<decimal?>(); w.WriteBatch(values); });
            var ours = Written(column => DecimalCodec.Write(column, precision, scale, values.Length, i => values[i]));
            Assert.True(theirs.SequenceEqual(ours), $"decimal({precision},{scale}): our bytes differ from ParquetSharp's");
        }
    }

    [Fact]
    public async Task A_checkpoint_loaded_under_a_key_budget_never_makes_room_for_more_rows_than_it_keeps()
    {
        var whole = Filled(5_000);
        var bytes = await SnapshotFile.WriteAsync(whole, new Dictionary<string, string>());
        var shard = KeyShard.All;
        var loaded = await SnapshotFile.ReadStateAsync(whole.Projection, bytes, shard, afterRow: state =>
        {
            while (state.Count > 700) state.Narrow(state.Shard.Split().Lower);
        });
        Assert.InRange(loaded.Count, 1, 700);
        Assert.True(loaded.Rows.Capacity <= 2_048, $"room for {loaded.Rows.Capacity} rows while holding {loaded.Count}");
        for (var k = 0; k < 5_000; k++)
        {
            if (loaded.Shard.Contains($"k-{k:D4}")) AssertRow(loaded, k);
            else Assert.False(loaded.TryGetRow($"k-{k:D4}", out _));
        }
        // Without a budget the whole file's rows are reserved at once.
        var all = await SnapshotFile.ReadStateAsync(whole.Projection, bytes);
        Assert.Equal(5_000, all.Count);
        Assert.Equal(5_000, all.Rows.Capacity);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_refused_naming_the_projection_key_and_column()
    {
        var state = Filled(1);
        var error = Assert.Throws<ProjectionException>(() => state.Row("k-0000")["i64"] = "many");
        Assert.Contains("projection 'every_kind'", error.Message);
        Assert.Contains("key 'k-0000'", error.Message);
        Assert.Contains("column 'i64'", error.Message);
        Assert.Equal(0L, state.Row("k-0000")["i64"]);
    }
}
