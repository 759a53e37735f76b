namespace Lake.Tests.Generation;

public class GeneratedHistoriesAreConsistent
{
    [Fact]
    public void Every_bank_account_starts_with_account_opened_and_has_no_events_before_it()
    {
        var h = GeneratedHistory.Bank;
        var byAccount = h.Curated.Select((e, i) => (e, i)).GroupBy(x => (string)x.e["account_id"]!, StringComparer.Ordinal).ToList();
        Assert.True(byAccount.Count > 100, $"only {byAccount.Count} accounts");
        var problems = new List<string>();
        foreach (var account in byAccount)
        {
            var ordered = account.OrderBy(x => x.e.OccurredAt).ThenBy(x => x.i).Select(x => x.e).ToList();
            if (ordered[0].Type.Name != "account_opened")
            {
                problems.Add($"{account.Key}: first event is {ordered[0].Type.Name} at {ordered[0].OccurredAt:O}");
                continue;
            }
            var opened = ordered.Where(e => e.Type.Name == "account_opened").Min(e => e.OccurredAt);
            if (ordered.Any(e => e.OccurredAt < opened)) problems.Add($"{account.Key}: events before its opening at {opened:O}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(10)));
    }

    [Fact]
    public void Every_shop_order_references_a_customer_registered_in_the_same_history()
    {
        var h = GeneratedHistory.Shop;
        var customers = h.Curated.Where(e => e.Type.Name == "customer_registered").Select(e => (string)e["customer_id"]!).ToHashSet(StringComparer.Ordinal);
        var orders = h.Curated.Where(e => e.Type.Name == "order_placed").ToList();
        Assert.NotEmpty(customers);
        Assert.NotEmpty(orders);
        var dangling = orders.Where(o => !customers.Contains((string)o["customer_id"]!)).Select(o => $"{o["order_id"]} -> {o["customer_id"]}").ToList();
        Assert.True(dangling.Count == 0, $"{dangling.Count} orders reference unregistered customers: " + string.Join(", ", dangling.Take(10)));
    }
}
