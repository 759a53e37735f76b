using Lake.Tests.Lake;

namespace Lake.Tests.Projections;

/// <summary>The shop samples' semantics (order_status declarative, customer_summary in C#) against DuckDB SQL over the curated events.</summary>
public sealed class ShopProjectionTests(ShopProjectionLake shop) : IClassFixture<ShopProjectionLake>
{
    public static TheoryData<string, string?> Times => new()
    {
        { "2026-10-31T23:59:59Z", null },
        { "2026-09-20T12:00:00Z", "2026-09-21T00:00:00Z" },
    };

    private string Read(string type) => $"read_parquet('{shop.Lake}/events/event_type={type}/**/*.parquet')";

    private const string Envelope = "event_id, occurred_at, recorded_at, source, source_partition, source_offset";
    private const string Fold = "occurred_at, recorded_at, source, source_partition, source_offset, event_id";

    private static string Filter(DateTime asOf, DateTime? knownAt) =>
        $"epoch_us(occurred_at) <= {Projections.Us(asOf)}" + (knownAt is { } k ? $" AND epoch_us(recorded_at) <= {Projections.Us(k)}" : "");

    private static string Once(string source, DateTime asOf, DateTime? knownAt) => $"""
        SELECT * FROM ({source}) WHERE {Filter(asOf, knownAt)}
        QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY {Fold}) = 1
        """;

    private (List<object?[]> Expected, List<object?[]> Actual) Run(string projection, string oracle, DateTime asOf, DateTime? knownAt)
    {
        var result = Projections.Rebuild(shop.Lake, Projections.Load(shop, projection), asOf, knownAt);
        var file = Projections.WriteSnapshot(result, Path.Combine(shop.Root, projection));
        using var duck = new Duck();
        return (duck.Rows(oracle), duck.Rows($"SELECT * FROM read_parquet('{file}') ORDER BY 1"));
    }

    private static void AssertSameRows(List<object?[]> expected, List<object?[]> actual)
    {
        Assert.True(expected.Count > 100, $"only {expected.Count} rows expected");
        Assert.Equal(expected.Count, actual.Count);
        for (var r = 0; r < expected.Count; r++) Assert.Equal(expected[r].Select(Projections.Normal), actual[r].Select(Projections.Normal));
    }

    [Theory]
    [MemberData(nameof(Times))]
    public void Order_status_has_the_last_status_the_placed_order_fields_and_the_sum_of_captured_payments_per_order(string asOfText, string? knownAtText)
    {
        var asOf = DateTime.Parse(asOfText).ToUniversalTime();
        DateTime? knownAt = knownAtText is null ? null : DateTime.Parse(knownAtText).ToUniversalTime();
        var events = string.Join(" UNION ALL ", new[]
        {
            $"SELECT 'placed' AS status, {Envelope}, order_id, customer_id, total, currency, NULL::BIGINT AS amount_minor FROM {Read("order_placed")}",
            $"SELECT 'confirmed', {Envelope}, order_id, NULL, NULL, NULL, NULL FROM {Read("order_confirmed")}",
            $"SELECT 'paid', {Envelope}, order_id, NULL, NULL, NULL, amount_minor FROM {Read("payment_captured")}",
            $"SELECT 'shipped', {Envelope}, order_id, NULL, NULL, NULL, NULL FROM {Read("order_shipped")}",
            $"SELECT 'cancelled', {Envelope}, order_id, NULL, NULL, NULL, NULL FROM {Read("order_cancelled")}",
        });
        var oracle = $"""
            WITH once AS ({Once(events, asOf, knownAt)}),
            seq AS (SELECT *, row_number() OVER (PARTITION BY order_id ORDER BY {Fold}) AS n FROM once),
            last AS (SELECT order_id, max(n) AS last_n, max(n) FILTER (WHERE status = 'placed') AS placed_n, coalesce(sum(amount_minor), 0) AS paid FROM seq GROUP BY order_id)
            SELECT l.order_id, p.customer_id, s.status, p.total, p.currency, l.paid, p.occurred_at, s.occurred_at
            FROM last l JOIN seq s ON s.order_id = l.order_id AND s.n = l.last_n
            LEFT JOIN seq p ON p.order_id = l.order_id AND p.n = l.placed_n
            ORDER BY 1
            """;
        var (expected, actual) = Run("order_status", oracle, asOf, knownAt);
        AssertSameRows(expected, actual);
        Assert.Contains(actual, r => (string?)r[2] == "cancelled");
        Assert.Contains(actual, r => (string?)r[2] == "shipped");
    }

    [Theory]
    [MemberData(nameof(Times))]
    public void Customer_summary_counts_placed_orders_and_sums_payments_through_the_order_to_customer_lookup(string asOfText, string? knownAtText)
    {
        var asOf = DateTime.Parse(asOfText).ToUniversalTime();
        DateTime? knownAt = knownAtText is null ? null : DateTime.Parse(knownAtText).ToUniversalTime();
        var events = string.Join(" UNION ALL ", new[]
        {
            $"SELECT 'registered' AS t, {Envelope}, customer_id, NULL AS order_id, name, CAST(customer_status AS VARCHAR) AS customer_status, marketing_opt_in, NULL::BIGINT AS amount_minor FROM {Read("customer_registered")}",
            $"SELECT 'placed', {Envelope}, customer_id, order_id, NULL, NULL, NULL, NULL FROM {Read("order_placed")}",
            $"SELECT 'paid', {Envelope}, NULL, order_id, NULL, NULL, NULL, amount_minor FROM {Read("payment_captured")}",
        });
        var oracle = $"""
            WITH once AS ({Once(events, asOf, knownAt)}),
            g AS (SELECT *, row_number() OVER (ORDER BY {Fold}) AS g FROM once),
            payer AS (
              SELECT p.event_id, o.customer_id, p.amount_minor FROM g p JOIN g o ON o.t = 'placed' AND o.order_id = p.order_id AND o.g < p.g
              WHERE p.t = 'paid'
              QUALIFY row_number() OVER (PARTITION BY p.event_id ORDER BY o.g DESC) = 1
            ),
            reg AS (SELECT * FROM g WHERE t = 'registered' QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY g DESC) = 1),
            keys AS (SELECT DISTINCT customer_id FROM g WHERE t IN ('registered', 'placed') AND customer_id IS NOT NULL)
            SELECT k.customer_id, reg.name, reg.customer_status, reg.marketing_opt_in,
              (SELECT count(*) FROM g WHERE g.t = 'placed' AND g.customer_id = k.customer_id),
              coalesce((SELECT sum(amount_minor) FROM payer WHERE payer.customer_id = k.customer_id), 0)
            FROM keys k LEFT JOIN reg USING (customer_id)
            ORDER BY 1
            """;
        var (expected, actual) = Run("customer_summary", oracle, asOf, knownAt);
        AssertSameRows(expected, actual);
        Assert.Contains(actual, r => Convert.ToInt64(r[5]) > 0);
    }
}
