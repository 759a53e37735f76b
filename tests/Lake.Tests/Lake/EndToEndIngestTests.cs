using System.Text;
using Lake.Core.Upcasting;

namespace Lake.Tests.Lake;

/// <summary>Generated bank and shop histories ingested from files: DuckDB sees every line where it belongs, exactly once.</summary>
public class EndToEndIngestTests(ShopLake shop, BankLake bank) : IClassFixture<ShopLake>, IClassFixture<BankLake>
{
    public static TheoryData<string> Pipelines => ["shop", "bank"];

    private IngestedHistory Of(string name) => name == "shop" ? shop : bank;

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void Raw_holds_every_input_line_once_and_curated_plus_quarantine_reconcile_with_it(string name)
    {
        var h = Of(name);
        using var duck = new Duck();
        var lines = File.ReadLines(h.Input).Count();
        Assert.Equal(lines, h.Summary.Records);
        Assert.Equal(lines, duck.Scalar<long>($"SELECT count(*) FROM {Duck.Zone(h.Lake, "raw")}"));
        Assert.Equal(lines, duck.Scalar<long>($"SELECT count(DISTINCT source_offset) FROM {Duck.Zone(h.Lake, "raw")}"));
        var curated = duck.Scalar<long>($"SELECT count(*) FROM {Duck.Events(h.Lake)}");
        var quarantined = duck.Scalar<long>($"SELECT count(*) FROM {Duck.Zone(h.Lake, "quarantine")}");
        Assert.Equal(h.Summary.Curated, curated);
        Assert.Equal(h.Summary.Quarantined, quarantined);
        Assert.Equal(lines, curated + quarantined + h.Summary.DroppedByUpcaster);
        // Each good line once: no source offset appears twice in events/ or in both zones.
        Assert.Equal(curated, duck.Scalar<long>($"SELECT count(DISTINCT source_offset) FROM {Duck.Events(h.Lake)}"));
        Assert.Equal(0, duck.Scalar<long>($"SELECT count(*) FROM {Duck.Events(h.Lake)} e JOIN {Duck.Zone(h.Lake, "quarantine")} q USING (source_offset)"));
    }

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void Each_bad_line_is_quarantined_with_the_reason_the_generator_made_it_for(string name)
    {
        var h = Of(name);
        using var duck = new Duck();
        var byReason = duck.Rows($"SELECT reason, count(*) FROM {Duck.Zone(h.Lake, "quarantine")} GROUP BY reason")
            .ToDictionary(r => (string)r[0]!, r => Convert.ToInt64(r[1]));
        var expected = h.Generated.BadByReason.ToDictionary(kv => kv.Key.Code(), kv => kv.Value);
        Assert.Equal(expected.OrderBy(k => k.Key), byReason.OrderBy(k => k.Key));
        Assert.True(expected.Count >= 6, "every quarantine kind the pipeline can produce was generated");
    }

    [Fact]
    public void Curated_values_are_the_upcast_values_of_their_input_line()
    {
        using var duck = new Duck();
        var lines = File.ReadAllLines(shop.Input);
        var upcaster = new Upcaster(shop.Pipeline.Catalog);
        var rows = duck.Rows($"""
            SELECT source_offset, event_id, event_version, total, currency, billing_address.city, len(items), items[1].unit_price, items[1].quantity, occurred_at, dt
            FROM {Duck.Events(shop.Lake, "order_placed")} ORDER BY source_offset LIMIT 500
            """);
        Assert.Equal(500, rows.Count);
        foreach (var r in rows)
        {
            var e = Assert.Single(upcaster.Process(Encoding.UTF8.GetBytes(lines[(long)r[0]!])).Events);
            Assert.Equal(e.Id, r[1]);
            Assert.Equal(e.ReceivedVersion, r[2]);
            Assert.Equal(e["total"], r[3]);
            Assert.Equal(e["currency"], r[4]);
            Assert.Equal(((object?[]?)e["billing_address"])?[1], r[5]);
            var items = (object?[])e["items"]!;
            Assert.Equal(items.Length, Convert.ToInt32(r[6]));
            if (items.Length > 0)
            {
                var first = (object?[])items[0]!;
                Assert.Equal(first[2], r[7]);
                Assert.Equal(first[1], r[8]);
            }
            // DuckDB.NET hands TIMESTAMPTZ back as a DateTime in the session zone (UTC here).
            var occurred = r[9] switch { DateTimeOffset o => o.UtcDateTime, DateTime d => DateTime.SpecifyKind(d, DateTimeKind.Utc), _ => default };
            Assert.Equal(e.OccurredAt, occurred);
            Assert.Equal(e.OccurredAt.ToString("yyyy-MM-dd"), string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0:yyyy-MM-dd}", r[10]));
        }
    }

    [Fact]
    public void Bank_amounts_and_currencies_are_the_upcast_values_of_their_input_line()
    {
        using var duck = new Duck();
        var lines = File.ReadAllLines(bank.Input);
        var upcaster = new Upcaster(bank.Pipeline.Catalog);
        foreach (var type in new[] { "money_deposited", "money_withdrawn", "account_opened" })
        {
            var amount = type == "account_opened" ? "initial_deposit" : "amount";
            var rows = duck.Rows($"SELECT source_offset, account_id, {amount}, currency FROM {Duck.Events(bank.Lake, type)} ORDER BY source_offset LIMIT 300");
            Assert.NotEmpty(rows);
            foreach (var r in rows)
            {
                var e = Assert.Single(upcaster.Process(Encoding.UTF8.GetBytes(lines[(long)r[0]!])).Events);
                Assert.Equal(e["account_id"], r[1]);
                Assert.Equal(e[amount], r[2]);
                Assert.Equal(e["currency"], r[3]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void Raw_payloads_are_the_input_bytes_exactly(string name)
    {
        var h = Of(name);
        using var duck = new Duck();
        // Bytes, not text: some generated lines are deliberately not UTF-8, and raw must keep them as they were.
        var lines = new List<byte[]>();
        using (var reader = new global::Lake.Core.Envelope.NdjsonLineReader(File.OpenRead(h.Input)))
        {
            while (reader.TryReadLine(out var line)) lines.Add(line.ToArray());
        }
        // A sample of all lines, plus every malformed one (among them the lines that are not UTF-8).
        var malformed = $"SELECT source_offset FROM {Duck.Zone(h.Lake, "quarantine")} WHERE reason = 'malformed'";
        var rows = duck.Rows($"SELECT source_offset, payload FROM {Duck.Zone(h.Lake, "raw")} WHERE source_offset % 97 = 0 OR source_offset IN ({malformed}) ORDER BY source_offset");
        Assert.True(rows.Count > 100);
        foreach (var r in rows)
        {
            Assert.Equal(lines[(int)(long)r[0]!], (byte[])r[1]!);
        }
    }

    [Fact]
    public void Describe_shows_the_contracted_types()
    {
        using var duck = new Duck();
        var t = duck.Describe(Duck.Events(shop.Lake, "order_placed"));
        Assert.Equal("VARCHAR", t["event_id"]);
        Assert.Equal("INTEGER", t["event_version"]);
        Assert.Equal("TIMESTAMP WITH TIME ZONE", t["occurred_at"]);
        Assert.Equal("TIMESTAMP WITH TIME ZONE", t["recorded_at"]);
        Assert.Equal("BIGINT", t["source_offset"]);
        Assert.Equal("DECIMAL(18,2)", t["total"]);
        Assert.Equal("STRUCT(line1 VARCHAR, city VARCHAR, zip VARCHAR)", t["billing_address"]);
        Assert.Equal("STRUCT(sku VARCHAR, quantity INTEGER, unit_price DECIMAL(18,2))[]", t["items"]);
        var p = duck.Describe(Duck.Events(shop.Lake, "payment_captured"));
        Assert.Equal("BIGINT", p["amount_minor"]);
        var c = duck.Describe(Duck.Events(shop.Lake, "customer_registered"));
        Assert.Equal("BOOLEAN", c["marketing_opt_in"]);
        Assert.Equal("VARCHAR", c["customer_status"]);
        var raw = duck.Describe(Duck.Zone(shop.Lake, "raw"));
        Assert.Equal("BLOB", raw["payload"]);
    }

    [Fact]
    public void Empty_lists_and_null_structs_stay_apart()
    {
        using var duck = new Duck();
        var nullAddress = duck.Scalar<long>($"SELECT count(*) FROM {Duck.Events(shop.Lake, "order_placed")} WHERE shipping_address IS NULL");
        var present = duck.Scalar<long>($"SELECT count(*) FROM {Duck.Events(shop.Lake, "order_placed")} WHERE shipping_address IS NOT NULL");
        Assert.True(nullAddress > 0 && present > 0);
        Assert.Equal(0, duck.Scalar<long>($"SELECT count(*) FROM {Duck.Events(shop.Lake, "order_placed")} WHERE items IS NULL"));
    }

    [Fact]
    public void Every_file_is_read_by_parquetsharp_with_the_row_count_the_commit_log_recorded()
    {
        var commits = new global::Lake.Ingest.CommitLog(shop.Lake).ReadAll();
        var files = commits.SelectMany(c => c.Files).ToList();
        Assert.NotEmpty(files);
        Assert.Equal(files.Count, Directory.GetFiles(shop.Lake, "*.parquet", SearchOption.AllDirectories).Length);
        foreach (var f in files)
        {
            using var reader = new ParquetSharp.ParquetFileReader(Path.Combine(shop.Lake, f.Path));
            Assert.Equal(f.Rows, reader.FileMetaData.NumRows);
        }
    }

    [Fact]
    public void The_lake_keeps_the_catalog_it_was_written_with_under_the_fingerprint_its_commits_name()
    {
        var fingerprint = Assert.Single(new global::Lake.Ingest.CommitLog(shop.Lake).ReadAll().Select(c => c.CatalogFingerprint).Distinct());
        Assert.Equal(shop.Pipeline.Catalog.Fingerprint, fingerprint);
        var saved = Path.Combine(shop.Lake, "_lake", "catalog", fingerprint);
        Assert.Equal(File.ReadAllText(Path.Combine(shop.Pipeline.Directory, "events", "order_placed.yaml")), File.ReadAllText(Path.Combine(saved, "events", "order_placed.yaml")));
        Assert.True(File.Exists(Path.Combine(saved, "pipeline.yaml")));
        // And the catalog loads from the snapshot with the same fingerprint.
        Assert.Equal(fingerprint, global::Lake.Pipelines.PipelineLoader.Load(saved).Catalog.Fingerprint);
    }

    [Fact]
    public void The_lake_root_holds_only_the_contracted_entries()
    {
        var entries = Directory.GetFileSystemEntries(shop.Lake).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["_lake", "events", "quarantine", "raw"], entries);
    }
}
