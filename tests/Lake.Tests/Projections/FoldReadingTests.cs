using Apache.Arrow;
using Lake.Projections.Reading;

namespace Lake.Tests.Projections;

/// <summary>How the fold reads events: path ids shared by every chunk, and key columns decoded without a string per event.</summary>
public sealed class FoldReadingTests
{
    [Fact]
    public void Paths_registered_on_many_threads_at_once_never_share_an_id()
    {
        for (var round = 0; round < 50; round++)
        {
            var paths = Enumerable.Range(0, 16).Select(i => $"race_{round}_{i}").ToArray();
            var ids = new int[paths.Length];
            using var start = new Barrier(paths.Length);
            var threads = paths.Select((p, i) => new Thread(() => { start.SignalAndWait(); ids[i] = EventPaths.Id(p); })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            Assert.Equal(paths.Length, ids.Distinct().Count());
            for (var i = 0; i < paths.Length; i++) Assert.Equal(ids[i], EventPaths.Id(paths[i]));
        }
    }

    [Fact]
    public void A_key_column_decodes_non_ascii_keys_and_hands_long_or_null_ones_back_to_the_slow_path()
    {
        var longKey = new string('k', 129);
        var array = new StringArray.Builder().Append("acc-1").Append("ключ-é").AppendNull().Append(longKey).Append("").Build();
        var sliced = (StringArray)array.Slice(1, 4);
        Span<char> buffer = stackalloc char[128];
        foreach (var (column, offset) in new[] { (new StringColumn(array), 0), (new StringColumn(sliced), 1) })
        {
            if (offset == 0)
            {
                Assert.Equal("acc-1", buffer[..column.Copy(0, buffer)].ToString());
            }
            Assert.Equal("ключ-é", buffer[..column.Copy(1 - offset, buffer)].ToString());
            Assert.Equal(-1, column.Copy(2 - offset, buffer));
            Assert.Null(column.Get(2 - offset));
            // 129 UTF-8 bytes do not fit the 128-character buffer: the caller reads the key as a string instead.
            Assert.Equal(-2, column.Copy(3 - offset, buffer));
            Assert.Equal(longKey, column.Get(3 - offset));
            Assert.Equal(0, column.Copy(4 - offset, buffer));
        }
    }
}
