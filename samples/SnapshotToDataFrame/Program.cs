// Sample: what was every account's balance at the end of February, as we knew it on 1 March?
//   dotnet run --project samples/SnapshotToDataFrame -- pipelines/bank lake-data account_balance 2026-02-28T23:59:59Z 2026-03-01T00:00:00Z
// The snapshot is built (and stored under lake-data/snapshots/) when missing.
using Lake.Client;
using Lake.Core.Data;
using Microsoft.Data.Analysis;

if (args.Length < 4)
{
    Console.Error.WriteLine("usage: SnapshotToDataFrame <pipeline folder> <lake folder> <projection> <as-of> [<known-at>]");
    return 2;
}
if (!Timestamps.TryParseUtc(args[3], out var asOf) || (args.Length > 4 && !Timestamps.TryParseUtc(args[4], out _)))
{
    Console.Error.WriteLine("times are ISO 8601 with a zone, e.g. 2026-02-28T23:59:59Z");
    return 2;
}
DateTime? knownAt = args.Length > 4 && Timestamps.TryParseUtc(args[4], out var k) ? k : null;

var client = new SnapshotClient(args[0], args[1]);

// 1. As a DataFrame: decimals arrive as System.Decimal columns, timestamps as UTC DateTime.
DataFrame frame = await client.ReadDataFrameAsync(args[2], asOf, knownAt);
Console.WriteLine($"{frame.Rows.Count} rows; columns: {string.Join(", ", frame.Columns.Select(c => $"{c.Name} ({c.DataType.Name})"))}");
Console.WriteLine(frame.Head(5));
if (frame.Columns.IndexOf("balance") >= 0 && frame.Columns.IndexOf("currency") >= 0)
{
    Console.WriteLine("total balance per currency:");
    Console.WriteLine(frame.GroupBy("currency").Sum("balance"));
}

// 2. As Arrow record batches, without copying into a DataFrame (for large snapshots or Arrow-native tools).
long rows = 0;
await foreach (var batch in client.ReadBatchesAsync(args[2], asOf, knownAt))
{
    using (batch) rows += batch.Length;
}
Console.WriteLine($"{rows} rows streamed as Arrow record batches");
return 0;
