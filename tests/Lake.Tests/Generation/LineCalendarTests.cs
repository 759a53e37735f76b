using Lake.Generation;

namespace Lake.Tests.Generation;

public class LineCalendarTests
{
    private static PendingLine Line(long recorded, int id) =>
        new(new LineBytes(BitConverter.GetBytes(id), 0, 4), -1, "t", null, recorded);

    /// <summary>
    /// Random adds and takes, as the generator makes them, against one heap of every line: the same lines in the same order,
    /// and each line's bytes intact when taken.
    /// </summary>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 60)]
    [InlineData(3, 24 * 60)]
    [InlineData(4, 365 * 24 * 60)]
    public void Lines_come_out_in_recorded_then_added_order_with_their_bytes(int seed, int spreadMinutes)
    {
        var random = new Random(seed);
        var calendar = new LineCalendar();
        var reference = new PriorityQueue<int, (long, long)>();
        long sequence = 0, limit = 600_000_000L * 1000, id = 0;
        var taken = 0;
        for (var round = 0; round < 3_000; round++)
        {
            for (var n = random.Next(0, 8); n > 0; n--)
            {
                // Ties on purpose: a tenth of the lines share a recorded time with the emission point. A twentieth come up to
                // a minute before it, as the generator's lives may start up to a minute before the previous one.
                var recorded = random.Next(10) == 0 ? limit
                    : random.Next(20) == 0 ? limit - random.NextInt64(1, TimeSpan.TicksPerMinute)
                    : limit + random.NextInt64(0, TimeSpan.TicksPerMinute * (long)spreadMinutes);
                calendar.Add(Line(recorded, (int)id));
                reference.Enqueue((int)id, (recorded, sequence++));
                id++;
            }
            limit += random.NextInt64(0, TimeSpan.TicksPerMinute * Math.Max(1L, spreadMinutes / 50));
            while (calendar.TryTakeUpTo(limit, out var line))
            {
                var expected = reference.Dequeue();
                Assert.Equal(expected, BitConverter.ToInt32(line.Json.Span));
                taken++;
            }
            Assert.True(!reference.TryPeek(out _, out var first) || first.Item1 > limit, "a line due by the limit stayed in the calendar");
        }
        while (calendar.TryTake(out var line))
        {
            Assert.Equal(reference.Dequeue(), BitConverter.ToInt32(line.Json.Span));
            taken++;
        }
        Assert.Equal(0, reference.Count);
        Assert.Equal(id, taken);
    }

    [Fact]
    public void A_line_taken_keeps_its_bytes_while_later_lines_are_added_until_the_next_take()
    {
        var calendar = new LineCalendar();
        var minute = TimeSpan.TicksPerMinute;
        calendar.Add(Line(minute * 10, 1));
        Assert.True(calendar.TryTakeUpTo(minute * 11, out var first));
        // Adding many lines after the take (as the generator does before asking for the next line) must not reuse its bytes.
        for (var i = 0; i < 5_000; i++) calendar.Add(Line(minute * 11 + i, 100 + i));
        Assert.Equal(1, BitConverter.ToInt32(first.Json.Span));
        Assert.True(calendar.TryTakeUpTo(minute * 12, out var second));
        Assert.Equal(100, BitConverter.ToInt32(second.Json.Span));
    }
}
