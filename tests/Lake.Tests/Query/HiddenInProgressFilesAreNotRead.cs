using Lake.Query;

namespace Lake.Tests.Query;

public sealed class HiddenInProgressFilesAreNotRead
{
    [Fact]
    public void A_hidden_inprogress_file_beside_committed_files_adds_no_rows()
    {
        using var lake = new TestLake()
            .OrderPlaced("a.parquet", "2026-01-01", ("e1", "1"))
            .OrderPlaced(".b.parquet.inprogress", "2026-01-01", ("hidden1", "2"))
            .OrderPlaced(".c.parquet.inprogress", "2026-01-02", ("hidden2", "3"));
        using var session = LakeQuery.Open(lake.Root);

        var ids = session.Run("SELECT event_id FROM order_placed").Rows.Select(r => (string)r[0]!);

        Assert.Equal(["e1"], ids);
    }

    [Fact]
    public void A_type_whose_only_file_is_in_progress_gets_no_view()
    {
        using var lake = new TestLake()
            .OrderPlaced(".a.parquet.inprogress", "2026-01-01", ("hidden", "1"))
            .Write("quarantine/dt=2026-01-01/.q.parquet.inprogress", "SELECT 'x' AS reason");
        using var session = LakeQuery.Open(lake.Root);

        Assert.Empty(session.Views);
        var error = Assert.Throws<LakeQueryException>(() => session.Run("SELECT * FROM order_placed"));
        Assert.Contains("order_placed", error.Message, StringComparison.Ordinal);
    }
}
