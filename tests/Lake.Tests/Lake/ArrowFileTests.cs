using Apache.Arrow;
using Lake.Core.Schema;
using Lake.Parquet;

namespace Lake.Tests.Lake;

/// <summary>Parquet files held in memory (objects from S3, snapshots) are read through Arrow's own buffers.</summary>
public sealed class ArrowFileTests
{
    private static readonly TableSchema Schema = new([new("id", FieldType.String, Required: true), new("n", FieldType.Int64)]);

    /// <summary>
    /// Regression: CI aborted the test host with "A callback was made on a garbage collected delegate of type
    /// ManagedRandomAccessFile+CloseDelegate". ParquetSharp's reader over a MemoryStream let Arrow's I/O threads close the file
    /// after the reader was disposed and its delegates collected. Before the fix, this loop aborted the process in most runs.
    /// </summary>
    [Fact]
    public async Task Reading_files_from_memory_on_many_threads_while_the_GC_runs_does_not_abort_the_process()
    {
        const int rows = 10_000;
        var data = Enumerable.Range(0, rows).Select(i => new object?[] { $"id-{i}", (long)i }).ToList();
        var memory = new MemoryStream();
        ParquetTableWriter.Write(memory, Schema, data, ParquetSettings.Parse("zstd") with { RowGroupRows = 2_500 });
        var file = memory.ToArray();

        var sums = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            long sum = 0;
            for (var i = 0; i < 1_500; i++)
            {
                using var opened = ArrowFile.Open(file);
                using var batches = opened.Reader.GetRecordBatchReader();
                while (await batches.ReadNextRecordBatchAsync() is { } batch)
                {
                    using (batch) sum += ((Int64Array)batch.Column("n")).Values.ToArray().Sum();
                }
                if (i % 3 == 0) GC.Collect();
            }
            return sum;
        })));

        Assert.All(sums, s => Assert.Equal(1_500L * rows * (rows - 1) / 2, s));
    }

    [Fact]
    public void An_empty_buffer_is_refused_with_Arrows_error_not_a_crash()
    {
        Assert.ThrowsAny<Exception>(() => ArrowFile.Open([]));
    }
}
