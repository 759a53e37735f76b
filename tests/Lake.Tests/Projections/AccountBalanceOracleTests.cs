using Lake.Tests.Lake;

namespace Lake.Tests.Projections;

/// <summary>
/// The acceptance oracle: account balances computed by DuckDB SQL over the curated events (its own de-duplication and
/// ordering, no Lake code) equal the rebuilt snapshot read back by DuckDB, row by row, for 20 random (as-of, known-at) pairs.
/// </summary>
public sealed class AccountBalanceOracleTests(BankProjectionLake bank) : IClassFixture<BankProjectionLake>
{
    private string Oracle(DateTime asOf, DateTime? knownAt)
    {
        string Events(string type) => $"read_parquet('{bank.Lake}/events/event_type={type}/**/*.parquet', hive_partitioning = true)";
        const string Envelope = "event_id, occurred_at, recorded_at, source, source_partition, source_offset, account_id";
        var known = knownAt is { } k ? $"AND epoch_us(recorded_at) <= {Projections.Us(k)}" : "";
        return $"""
            WITH ev AS (
              SELECT 'open' AS t, {Envelope}, owner.name AS owner_name, currency, initial_deposit AS amount FROM {Events("account_opened")}
              UNION ALL SELECT 'deposit', {Envelope}, NULL, NULL, amount FROM {Events("money_deposited")}
              UNION ALL SELECT 'withdraw', {Envelope}, NULL, NULL, amount FROM {Events("money_withdrawn")}
              UNION ALL SELECT 'close', {Envelope}, NULL, NULL, NULL FROM {Events("account_closed")}
            ),
            once AS (
              SELECT * FROM ev WHERE epoch_us(occurred_at) <= {Projections.Us(asOf)} {known} AND account_id IS NOT NULL
              QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY occurred_at, recorded_at, source, source_partition, source_offset) = 1
            ),
            seq AS (
              SELECT *, row_number() OVER (PARTITION BY account_id ORDER BY occurred_at, recorded_at, source, source_partition, source_offset, event_id) AS n FROM once
            ),
            last_open AS (SELECT account_id, max(n) AS open_n FROM seq WHERE t = 'open' GROUP BY account_id),
            last_status AS (SELECT account_id, max(n) AS status_n FROM seq WHERE t IN ('open', 'close') GROUP BY account_id)
            SELECT s.account_id,
              any_value(o.owner_name) AS owner_name,
              any_value(o.currency) AS currency,
              CASE WHEN any_value(lo.open_n) IS NOT NULL AND any_value(o.amount) IS NULL
                        AND count(CASE WHEN s.n > lo.open_n AND s.t IN ('deposit', 'withdraw') THEN s.amount END) = 0 THEN NULL
                   ELSE coalesce(any_value(o.amount), 0)
                      + coalesce(sum(CASE WHEN s.n > coalesce(lo.open_n, 0) AND s.t = 'deposit' THEN s.amount END), 0)
                      - coalesce(sum(CASE WHEN s.n > coalesce(lo.open_n, 0) AND s.t = 'withdraw' THEN s.amount END), 0) END AS balance,
              CASE any_value(st.t) WHEN 'open' THEN 'open' WHEN 'close' THEN 'closed' END AS status,
              any_value(o.occurred_at) AS opened_at,
              max(s.occurred_at) AS last_event_at,
              count(*) AS event_count
            FROM seq s
            LEFT JOIN last_open lo USING (account_id)
            LEFT JOIN seq o ON o.account_id = s.account_id AND o.n = lo.open_n
            LEFT JOIN last_status ls ON ls.account_id = s.account_id
            LEFT JOIN seq st ON st.account_id = s.account_id AND st.n = ls.status_n
            GROUP BY s.account_id
            ORDER BY s.account_id
            """;
    }

    [Fact]
    public void Balances_rebuilt_for_20_random_as_of_and_known_at_pairs_equal_DuckDB_SQL_over_the_curated_events_row_by_row()
    {
        var projection = Projections.Load(bank, "account_balance");
        var random = new Random(7);
        using var duck = new Duck();
        var folder = Path.Combine(bank.Root, "oracle");
        var late = 0;
        var differs = 0;
        var log = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var asOf = BankProjectionLake.Start.AddTicks((long)(random.NextDouble() * (BankProjectionLake.End - BankProjectionLake.Start).Ticks));
            // Known-at: none, a little before the as-of, or up to three days after it (the generator's events are up to 3 days late).
            DateTime? knownAt = (i % 5) switch
            {
                0 => null,
                1 => asOf.AddHours(-random.Next(1, 24)),
                _ => asOf.AddMinutes(random.Next(0, 72 * 60)).AddTicks(random.Next(0, 10_000_000) * 10L),
            };
            var result = Projections.Rebuild(bank.Lake, projection, asOf, knownAt);
            var file = Projections.WriteSnapshot(result, folder);
            var expected = duck.Rows(Oracle(asOf, knownAt));
            var actual = duck.Rows($"SELECT * FROM read_parquet('{file}') ORDER BY account_id");
            Assert.NotEmpty(expected);
            Assert.Equal(expected.Count, actual.Count);
            for (var r = 0; r < expected.Count; r++)
            {
                Assert.Equal(expected[r].Select(Projections.Normal), actual[r].Select(Projections.Normal));
            }
            if (knownAt is { } k)
            {
                // A late event: it occurred before the as-of but was recorded after a known-at that is itself after the as-of.
                var times = string.Join(" UNION ALL ", new[] { "account_opened", "money_deposited", "money_withdrawn", "account_closed" }
                    .Select(t => $"SELECT occurred_at, recorded_at FROM read_parquet('{bank.Lake}/events/event_type={t}/**/*.parquet')"));
                var excluded = duck.Scalar<long>($"SELECT count(*) FROM ({times}) WHERE epoch_us(occurred_at) <= {Projections.Us(asOf)} AND epoch_us(recorded_at) > {Projections.Us(k)}");
                log.Add($"{asOf:O} {k:O} {excluded}");
                late += k >= asOf && excluded > 0 ? 1 : 0;
                differs += Projections.Bytes(Projections.Rebuild(bank.Lake, projection, asOf, null)).SequenceEqual(Projections.Bytes(result)) ? 0 : 1;
            }
        }
        // The pairs must exercise what known-at is for: late events excluded, and answers that differ from "everything known".
        Assert.True(late >= 3, $"only {late} pairs had late events excluded by known-at: " + string.Join("; ", log));
        Assert.True(differs >= 3, $"only {differs} pairs differed from the answer with everything known");
    }
}
