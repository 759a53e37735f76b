using System.Security.Cryptography;
using Lake.Core.Data;
using Lake.Generation;
using Lake.Pipelines;

namespace Lake.Tests.Generation;

public class GenerationIsDeterministic
{
    private static string Hash(string pipeline, GenerationOptions options)
    {
        var generator = new HistoryGenerator(PipelineLoader.Load(Repo.Pipeline(pipeline)));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var line in generator.Generate(options))
        {
            sha.AppendData(line.Json);
            sha.AppendData("\n"u8);
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    [Theory]
    [InlineData("shop")]
    [InlineData("bank")]
    public void The_same_pipeline_seed_and_options_give_byte_identical_output_and_another_seed_differs(string pipeline)
    {
        var options = new GenerationOptions(30_000, 7) { BadShare = 0.01 };
        var first = Hash(pipeline, options);
        var second = Hash(pipeline, options);
        Assert.Equal(first, second);
        Assert.NotEqual(first, Hash(pipeline, options with { Seed = 8 }));
    }

    /// <summary>
    /// Histories pinned as they were generated before the generator's performance work of 2026-11-25 (the merge's calendar,
    /// bytes kept by minute): speed-ups must not change a byte. A deliberate change to what is generated updates these.
    /// </summary>
    [Theory]
    [InlineData("shop", 1, "881ABBD78AD66C7FD5B36FD1ADA26E6E14EDB55D72F2552F0F1AE1AD6575A5A1")]
    [InlineData("shop", 2, "5AA8275CF90EB122C73DE21C587B4E10C3A1BB1303434D6044A7992920F0F509")]
    [InlineData("bank", 1, "D0066338F1602A8926A00D3408A18264CFD043C5604B4F28C33FA6FB95C41C6A")]
    [InlineData("bank", 2, "93997A4CBE7547C2314F0C0A529DFB29FAF7BB6EA01E802C573A92CAF2DD29E5")]
    public void A_pinned_history_keeps_its_bytes(string pipeline, int variant, string sha256)
    {
        var options = variant == 1
            ? new GenerationOptions(30_000, 7) { BadShare = 0.01 }
            : new GenerationOptions(30_000, 9) { BadShare = 0.05, DuplicateShare = 0.05, Days = 1 };
        Assert.Equal(sha256, Hash(pipeline, options));
    }

    [Theory]
    [InlineData("shop")]
    [InlineData("bank")]
    public void The_history_does_not_depend_on_how_many_threads_generate_it(string pipeline)
    {
        var options = new GenerationOptions(20_000, 11) { BadShare = 0.01 };
        var one = Hash(pipeline, options with { Workers = 1 });
        Assert.Equal(one, Hash(pipeline, options with { Workers = 2 }));
        Assert.Equal(one, Hash(pipeline, options with { Workers = 3 }));
    }

    [Fact]
    public void Stopping_early_returns_after_its_generating_threads_end_with_the_first_lines_of_the_full_history()
    {
        var generator = new HistoryGenerator(PipelineLoader.Load(Repo.Pipeline("shop")));
        var full = generator.Generate(new GenerationOptions(10_000, 5)).Select(l => Convert.ToHexString(SHA256.HashData(l.Json))).ToList();
        var first = generator.Generate(new GenerationOptions(10_000, 5)).Take(100).Select(l => Convert.ToHexString(SHA256.HashData(l.Json))).ToList();
        Assert.Equal(full.Take(100), first);
    }

    [Fact]
    public void Zero_events_give_no_lines()
    {
        var generator = new HistoryGenerator(PipelineLoader.Load(Repo.Pipeline("shop")));
        Assert.Empty(generator.Generate(new GenerationOptions(0, 7)));
    }

    [Fact]
    public void Write_keeps_lines_longer_than_its_one_mebibyte_blocks_whole_and_in_order()
    {
        var pipeline = PipelineLoader.Load(Repo.Pipeline("shop"));
        var shop = GeneratorSettings.Read(pipeline);
        // Orders of 20,000 items: each order_placed line is ~1.5 MiB, longer than Write's blocks.
        var values = new Dictionary<string, object?>(shop.Values, StringComparer.Ordinal);
        var count = new DataObject();
        count.Set("count", new List<object?> { 20_000m, 20_000m });
        values["order_placed.items"] = count;
        var settings = new GeneratorSettings { Start = shop.Start, Days = shop.Days, Aggregates = shop.Aggregates, Values = values };
        var options = new GenerationOptions(300, 5);

        using var stream = new MemoryStream();
        new HistoryGenerator(pipeline, settings).Write(stream, options);
        var expected = new MemoryStream();
        var longest = 0;
        foreach (var line in new HistoryGenerator(pipeline, settings).Generate(options))
        {
            expected.Write(line.Json);
            expected.WriteByte((byte)'\n');
            longest = Math.Max(longest, line.Json.Length);
        }
        Assert.True(longest > 1 << 20, $"the longest line has {longest:N0} bytes; the test needs one over 1 MiB");
        Assert.Equal(SHA256.HashData(expected.ToArray()), SHA256.HashData(stream.ToArray()));
    }

    [Fact]
    public async Task Write_to_a_stream_that_fails_throws_the_streams_error_instead_of_waiting()
    {
        var pipeline = PipelineLoader.Load(Repo.Pipeline("shop"));
        using var full = new FailingStream(failAfter: 3 << 20);
        var write = Task.Run(() => new HistoryGenerator(pipeline).Write(full, new GenerationOptions(200_000, 3)));
        Assert.Same(write, await Task.WhenAny(write, Task.Delay(TimeSpan.FromSeconds(60))));
        var error = await Assert.ThrowsAsync<IOException>(() => write);
        Assert.Contains("no space left", error.Message);
        Assert.True(full.Length <= 3 << 20);
    }

    /// <summary>A stream that accepts some bytes and then fails as a full disk does.</summary>
    private sealed class FailingStream(long failAfter) : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Length + count > failAfter) throw new IOException("no space left on device");
            base.Write(buffer, offset, count);
        }
    }

    [Fact]
    public void Write_produces_the_same_bytes_as_Generate_joined_with_newlines()
    {
        var pipeline = PipelineLoader.Load(Repo.Pipeline("shop"));
        var options = new GenerationOptions(5_000, 3);
        using var stream = new MemoryStream();
        var stats = new HistoryGenerator(pipeline).Write(stream, options);
        var expected = new MemoryStream();
        foreach (var line in new HistoryGenerator(pipeline).Generate(options))
        {
            expected.Write(line.Json);
            expected.WriteByte((byte)'\n');
        }
        Assert.Equal(5_000, stats.Lines);
        Assert.Equal(SHA256.HashData(expected.ToArray()), SHA256.HashData(stream.ToArray()));
    }
}
