namespace Lake.Tests.Cli;

public class UpcastCommandPrintsEnvelopesAndVerdicts
{
    [Fact]
    public void Each_line_becomes_the_latest_envelope_or_its_quarantine_verdict_with_line_number()
    {
        using var temp = new TempFolder();
        var input = temp["in.ndjson"];
        File.WriteAllText(input, string.Join('\n',
            """{"metadata":{"id":"e1","type":"order_placed","version":1,"occurred_at":"2026-11-20T10:15:00.123Z","producer":"orders","aggregate_id":"o-1"},"data":{"order_id":"o-1","customer_id":"c-1","billing_line1":"1 Main St","billing_city":"Lyon","billing_zip":"69001","items":[{"sku":"A","quantity":2,"unit_price":"9.50"}],"total":"19.00"}}""",
            "this is not json",
            """{"metadata":{"id":"e3","type":"customer_registered","version":1,"occurred_at":"2026-11-20T10:16:00Z"},"data":{"customer_id":"c-1","name":"Ann","email":"a@example.com","status":"X"}}""") + "\n");

        var outcome = LakeCli.Binary("upcast", "--pipeline", Repo.Pipeline("shop"), "--in", input);
        Assert.True(outcome.ExitCode == 0, outcome.Err);
        var lines = outcome.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);

        Assert.StartsWith("""{"metadata":{"id":"e1","type":"order_placed","version":3,"received_version":1,""", lines[0]);
        Assert.Contains("\"billing_address\":{\"line1\":\"1 Main St\",\"city\":\"Lyon\",\"zip\":\"69001\"}", lines[0]);
        Assert.Contains("\"unit_price\":9.50", lines[0]);
        Assert.Contains("\"total\":19.00", lines[0]);
        Assert.Contains("\"currency\":\"EUR\"", lines[0]);

        Assert.StartsWith("""{"quarantine":{"reason":"malformed","message":""", lines[1]);
        Assert.EndsWith("""},"line":2}""", lines[1]);

        Assert.StartsWith("""{"quarantine":{"reason":"unmapped_value","message":""", lines[2]);
        Assert.EndsWith("""},"line":3}""", lines[2]);
        Assert.Contains("3 lines, 1 events at the latest version, 2 quarantined", outcome.Err);
    }

    [Fact]
    public void A_missing_input_file_exits_2_naming_the_file()
    {
        var outcome = LakeCli.InProcess("upcast", "--pipeline", Repo.Pipeline("shop"), "--in", "missing.ndjson");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("'missing.ndjson' does not exist", outcome.Err);
    }
}
