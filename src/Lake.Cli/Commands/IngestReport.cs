using Lake.Ingest;

namespace Lake.Cli.Commands;

/// <summary>The end-of-ingest summary: counts that reconcile, per type and version, per quarantine reason, unknown fields, files, speed.</summary>
internal static class IngestReport
{
    public static void Print(IngestSummary s, string lake, TextWriter o)
    {
        var seconds = Math.Max(s.Elapsed.TotalSeconds, 1e-9);
        o.WriteLine($"Ingested into {lake} in {s.Elapsed.TotalSeconds:F1} s ({s.Records / seconds:N0} records/s)");
        o.WriteLine($"  records read        {s.Records,14:N0}   (already committed, skipped: {s.AlreadyCommitted:N0})");
        o.WriteLine($"  events curated      {s.Curated,14:N0}");
        o.WriteLine($"  quarantined         {s.Quarantined,14:N0}");
        if (s.DroppedByUpcaster > 0) o.WriteLine($"  dropped by upcaster {s.DroppedByUpcaster,14:N0}");
        o.WriteLine($"  files written       {s.FilesWritten,14:N0}   ({s.BytesWritten / 1e6:N1} MB)");
        if (s.EventsByTypeAndVersion.Count > 0)
        {
            o.WriteLine("  events by type and received version:");
            foreach (var (k, v) in s.EventsByTypeAndVersion) o.WriteLine($"    {k,-32} {v,12:N0}");
        }
        if (s.QuarantinedByReason.Count > 0)
        {
            o.WriteLine("  quarantined by reason:");
            foreach (var (k, v) in s.QuarantinedByReason) o.WriteLine($"    {k,-32} {v,12:N0}");
        }
        if (s.UnknownFields.Count > 0)
        {
            o.WriteLine("  fields the catalog does not declare (kept in raw):");
            foreach (var (k, v) in s.UnknownFields) o.WriteLine($"    {k,-32} {v,12:N0}");
        }
    }
}
