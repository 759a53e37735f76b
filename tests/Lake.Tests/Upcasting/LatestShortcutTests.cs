using System.Text;
using Lake.Core.Envelope;
using Lake.Core.Upcasting;
using Lake.Generation;
using Lake.Pipelines;

namespace Lake.Tests.Upcasting;

/// <summary>
/// Events sent at their type's latest version are read straight into typed values (the decoder's shortcut); every result must
/// be exactly what the general path (decode into a tree, then validate) gives, and anything unclean must fall back to it.
/// </summary>
public sealed class LatestShortcutTests
{
    [Theory]
    [InlineData("shop")]
    [InlineData("bank")]
    public void Generated_histories_give_the_same_result_with_and_without_the_shortcut(string pipelineName)
    {
        var pipeline = PipelineLoader.Load(Repo.Pipeline(pipelineName));
        var upcaster = new Upcaster(pipeline.Catalog);
        var lines = new HistoryGenerator(pipeline).Generate(new GenerationOptions(20_000, 7) { BadShare = 0.02 }).Select(l => l.Json).ToList();

        var shortcut = 0;
        foreach (var line in lines)
        {
            if (upcaster.Decode(line).Envelope is { Data: null }) shortcut++;
            AssertSame(General(upcaster, line), upcaster.Process(line), Encoding.UTF8.GetString(line));
        }
        // Most generated events are at their latest version; the shortcut must actually be taken for them.
        Assert.True(shortcut > lines.Count / 4, $"only {shortcut} of {lines.Count} events took the shortcut");
    }

    public static TheoryData<string, string, bool> Cases => new()
    {
        // name, data of order_placed v3, whether the shortcut may take it
        { "clean", """{"order_id":"o-1","customer_id":"c-1","items":[{"sku":"S","quantity":2,"unit_price":"1.50"}],"total":3}""", true },
        { "nested struct and a null list element", """{"order_id":"o-1","customer_id":"c-1","billing_address":{"line1":"1 Main St","city":"Ghent"},"items":[null,{"sku":"S"}],"total":"3.00","currency":"USD"}""", true },
        { "unknown fields at every level", """{"order_id":"o-1","customer_id":"c-1","gift":true,"billing_address":{"floor":3,"zip":"9000"},"items":[{"sku":"S","colour":"red"},{"colour":"blue","size":1}],"total":1}""", true },
        { "escaped text", """{"order_id":"o-\u0031","customer_id":"c\"1","total":"1.5"}""", true },
        { "number at a finer scale than declared", """{"order_id":"o-1","customer_id":"c-1","total":1.500}""", true },
        { "number at a coarser scale than declared", """{"order_id":"o-1","customer_id":"c-1","total":2}""", true },
        { "decimal in exponent form", """{"order_id":"o-1","customer_id":"c-1","total":1.5e1}""", true },
        { "integral number with a fraction part (left to the general path)", """{"order_id":"o-1","customer_id":"c-1","items":[{"quantity":3.0}]}""", false },
        { "int32 overflow", """{"order_id":"o-1","customer_id":"c-1","items":[{"quantity":3000000000}]}""", false },
        { "too many decimals", """{"order_id":"o-1","customer_id":"c-1","total":"1.234"}""", false },
        { "too many digits", """{"order_id":"o-1","customer_id":"c-1","total":12345678901234567890}""", false },
        { "wrong type", """{"order_id":"o-1","customer_id":7}""", false },
        { "struct sent as text", """{"order_id":"o-1","customer_id":"c-1","billing_address":"1 Main St"}""", false },
        { "missing required", """{"customer_id":"c-1"}""", false },
        { "explicit null for a required field", """{"order_id":null,"customer_id":"c-1"}""", false },
        { "explicit null for a defaulted field", """{"order_id":"o-1","customer_id":"c-1","currency":null}""", true },
        { "repeated key, last wins", """{"order_id":"o-1","customer_id":"c-1","total":1,"total":"2.00"}""", false },
        { "repeated key with a bad first value", """{"order_id":"o-1","customer_id":"c-1","total":"x","total":"2.00"}""", false },
        { "empty object", """{}""", false },
        // Regression (review): the shortcut skipped unknown values unread, where the general path reads their text and
        // quarantines an escape that is not valid UTF-16 as malformed.
        { "lone surrogate in an unknown field", """{"order_id":"o-1","customer_id":"c-1","zzz":"\ud800"}""", false },
        { "lone surrogate in an unknown field's key", """{"order_id":"o-1","customer_id":"c-1","zzz":{"\udc00":1}}""", false },
        { "lone surrogate in an unknown field of a list element", """{"order_id":"o-1","customer_id":"c-1","items":[{"sku":"S","zz":"\ud800"}]}""", false },
        { "lone surrogate deep in an unknown field of a struct", """{"order_id":"o-1","customer_id":"c-1","billing_address":{"zz":["\udfff"]}}""", false },
        { "harmless escape in an unknown field (left to the general path too)", """{"order_id":"o-1","customer_id":"c-1","note":"a\nb"}""", false },
        { "unknown object without escapes", """{"order_id":"o-1","customer_id":"c-1","meta":{"a":[1,{"b":"c"}],"d":null}}""", true },
    };

    public static TheoryData<string> Numbers => new()
    {
        // Regression (review): -0 became -0.0 and a "-0" decimal kept its sign bit through the shortcut only; the general
        // path reads JSON numbers through shared boxes (-0 is 0) and fits decimal text.
        """{"reading_id":"r","value":-0}""",
        """{"reading_id":"r","value":-0e5}""",
        """{"reading_id":"r","value":-0.0}""",
        """{"reading_id":"r","value":1.5,"units":-0,"price":-0}""",
        """{"reading_id":"r","units":"-0","price":"-0"}""",
        """{"reading_id":"r","units":"-0e5","price":"-0.00"}""",
        """{"reading_id":"r","price":-0.0}""",
        """{"reading_id":"r","price":"12.5","units":"7"}""",
        """{"reading_id":"r","price":12.345}""",
    };

    [Theory]
    [MemberData(nameof(Numbers))]
    public void Numbers_come_out_bit_for_bit_as_the_general_path_makes_them(string data)
    {
        var upcaster = new Upcaster(PipelineLoader.Load(Repo.Fixture("pipelines/numbers")).Catalog);
        var line = Wire.Text($$"""{"metadata":{"id":"e-1","type":"reading_taken","version":1,"occurred_at":"2026-11-20T10:15:00Z"},"data":{{data}}}""");

        AssertSame(General(upcaster, line), upcaster.Process(line), data);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_case_gives_what_the_general_path_gives(string name, string data, bool shortcut)
    {
        var upcaster = Pipelines.Shop;
        var line = Wire.Text($$"""{"metadata":{"id":"e-1","type":"order_placed","version":3,"occurred_at":"2026-11-20T10:15:00Z","producer":"p","aggregate_id":"o-1"},"data":{{data}}}""");

        AssertSame(General(upcaster, line), upcaster.Process(line), name);
        Assert.Equal(shortcut, upcaster.Decode(line).Envelope is { Data: null });
    }

    [Fact]
    public void Enum_values_and_null_if_text_are_read_as_the_general_path_reads_them()
    {
        var upcaster = Pipelines.Shop;
        foreach (var status in new[] { "\"active\"", "\"\\u0061ctive\"", "\"ACTIVE\"", "\"\"", "null", "1" })
        {
            var line = Wire.Text($$$"""{"metadata":{"id":"e-1","type":"customer_registered","version":3,"occurred_at":"2026-11-20T10:15:00Z"},"data":{"customer_id":"c-1","customer_status":{{{status}}},"marketing_opt_in":true}}""");
            AssertSame(General(upcaster, line), upcaster.Process(line), status);
        }
    }

    [Theory]
    [InlineData(3, "o-1", true)]
    [InlineData(1, "o-1", true)]
    [InlineData(3, "o-\\u0031", false)]
    [InlineData(3, "o-2", false)]
    public void A_data_value_equal_to_the_aggregate_id_is_that_same_string(int version, string orderId, bool shared)
    {
        var upcaster = Pipelines.Shop;
        var line = Wire.Text($$$"""{"metadata":{"id":"e-1","type":"order_placed","version":{{{version}}},"occurred_at":"2026-11-20T10:15:00Z","aggregate_id":"o-1"},"data":{"order_id":"{{{orderId}}}","customer_id":"c-1","total":"1.00"}}""");

        var result = upcaster.Process(line);
        AssertSame(General(upcaster, line), result, orderId);
        var e = Assert.Single(result.Events);
        Assert.Equal(shared, ReferenceEquals(e.AggregateId, e["order_id"]));
    }

    [Fact]
    public void Data_sent_before_its_metadata_takes_the_general_path_and_the_same_result()
    {
        var upcaster = Pipelines.Shop;
        var line = Wire.Text("""{"data":{"order_id":"o-1","customer_id":"c-1","total":1},"metadata":{"id":"e-1","type":"order_placed","version":3,"occurred_at":"2026-11-20T10:15:00Z"}}""");

        Assert.NotNull(upcaster.Decode(line).Envelope!.Data);
        AssertSame(General(upcaster, line), upcaster.Process(line), "data first");
    }

    [Fact]
    public void Metadata_sent_again_after_the_data_is_what_the_data_is_read_against()
    {
        // The first metadata says v3 (the shortcut reads the data as v3); the repeated one says v1, which is what the event is.
        var upcaster = Pipelines.Shop;
        var line = Wire.Text("""{"metadata":{"id":"e-1","type":"order_placed","version":3,"occurred_at":"2026-11-20T10:15:00Z"},"data":{"order_id":"o-1","customer_id":"c-1","total":"1.50"},"metadata":{"id":"e-1","type":"order_placed","version":1,"occurred_at":"2026-11-20T10:15:00Z"}}""");

        var result = upcaster.Process(line);
        AssertSame(General(upcaster, line), result, "repeated metadata");
        Assert.Equal(1, result.ReceivedVersion);
    }

    [Fact]
    public void CloudEvents_at_the_latest_version_take_the_shortcut_with_the_same_result()
    {
        var upcaster = Pipelines.Shop;
        var line = Wire.Text("""{"specversion":"1.0","id":"e-1","type":"order_placed","source":"orders","time":"2026-11-20T10:15:00Z","dataversion":"3","data":{"order_id":"o-1","customer_id":"c-1","total":1}}""");

        Assert.Null(upcaster.Decode(line).Envelope!.Data);
        AssertSame(General(upcaster, line), upcaster.Process(line), "cloudevents");
    }

    [Fact]
    public void An_envelope_read_with_one_catalog_is_refused_by_another_catalogs_upcaster()
    {
        var line = Wire.Text("""{"metadata":{"id":"e-1","type":"order_placed","version":3,"occurred_at":"2026-11-20T10:15:00Z"},"data":{"order_id":"o-1","customer_id":"c-1"}}""");
        var envelope = Pipelines.Shop.Decode(line).Envelope!;
        var other = new Upcaster(PipelineLoader.Load(Repo.Pipeline("shop")).Catalog);

        Assert.Throws<ArgumentException>(() => other.Upcast(envelope));
    }

    /// <summary>The general path: the decoder without shortcuts, reading with Utf8JsonReader only, then the upcaster.</summary>
    internal static UpcastResult General(Upcaster upcaster, byte[] line)
    {
        var decoded = EnvelopeDecoder.Decode(line, latest: null, lean: false);
        Assert.True(decoded.Envelope is null || decoded.Envelope.Data is not null);
        return decoded.IsSuccess
            ? upcaster.Upcast(decoded.Envelope!)
            : UpcastResult.Quarantined(new UpcastError(QuarantineReason.Malformed, decoded.Error!), decoded.Type, decoded.Version);
    }

    internal static void AssertSame(UpcastResult expected, UpcastResult actual, string what)
    {
        Assert.True(expected.Error?.Reason == actual.Error?.Reason, $"{what}: reason {expected.Error?.Reason} vs {actual.Error?.Reason}");
        Assert.True(expected.Error?.Message == actual.Error?.Message, $"{what}: message '{expected.Error?.Message}' vs '{actual.Error?.Message}'");
        Assert.Equal(expected.ReceivedType, actual.ReceivedType);
        Assert.Equal(expected.ReceivedVersion, actual.ReceivedVersion);
        Assert.Equal(expected.UnknownFields ?? [], actual.UnknownFields ?? []);
        Assert.Equal(expected.Events.Count, actual.Events.Count);
        for (var i = 0; i < expected.Events.Count; i++)
        {
            var e = expected.Events[i];
            var a = actual.Events[i];
            Assert.Equal((e.Id, e.Type.Name, e.ReceivedType, e.ReceivedVersion, e.OccurredAt, e.RecordedAt, e.Producer, e.AggregateId),
                (a.Id, a.Type.Name, a.ReceivedType, a.ReceivedVersion, a.OccurredAt, a.RecordedAt, a.Producer, a.AggregateId));
            SameValues(e.Values, a.Values, $"{what} {e.Type.Name}");
        }
    }

    /// <summary>Deep equality with runtime types, and decimals and doubles bit for bit (so the scale, and the sign of a zero, must match too).</summary>
    private static void SameValues(object?[] expected, object?[] actual, string path)
    {
        Assert.True(expected.Length == actual.Length, $"{path}: {expected.Length} vs {actual.Length} values");
        for (var i = 0; i < expected.Length; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            if (e is object?[] ea)
            {
                SameValues(ea, Assert.IsType<object?[]>(a), $"{path}[{i}]");
                continue;
            }
            Assert.True(e?.GetType() == a?.GetType(), $"{path}[{i}]: {e?.GetType().Name} vs {a?.GetType().Name}");
            if (e is decimal ed) Assert.True(decimal.GetBits(ed).SequenceEqual(decimal.GetBits((decimal)a!)), $"{path}[{i}]: {ed} vs {a}");
            else if (e is double dd) Assert.True(BitConverter.DoubleToInt64Bits(dd) == BitConverter.DoubleToInt64Bits((double)a!), $"{path}[{i}]: {dd:R} vs {a:R}");
            else Assert.True(Equals(e, a), $"{path}[{i}]: {e} vs {a}");
        }
    }
}
