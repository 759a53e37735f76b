using System.Text;
using Lake.Core.Catalog;
using Lake.Core.Schema;

namespace Lake.Query;

/// <summary>The SQL engines <see cref="TableDdl"/> writes table definitions for.</summary>
public enum DdlDialect
{
    /// <summary>Amazon Athena (Hive DDL, partition projection on dt).</summary>
    Athena,
    /// <summary>Spark SQL data source tables (USING parquet).</summary>
    Spark,
}

/// <summary>CREATE TABLE statements for a lake at an S3 location: one per curated event type, plus <c>raw</c> and <c>quarantine</c>, as in the lake layout contract.</summary>
public static class TableDdl
{
    private static readonly (string Name, string Type)[] Envelope =
    [
        ("event_id", "STRING"), ("event_version", "INT"), ("occurred_at", "TIMESTAMP"), ("recorded_at", "TIMESTAMP"),
        ("producer", "STRING"), ("aggregate_id", "STRING"), ("source", "STRING"), ("source_partition", "INT"), ("source_offset", "BIGINT"),
    ];

    private static readonly (string Name, string Type)[] RawColumns =
    [
        ("source", "STRING"), ("source_partition", "INT"), ("source_offset", "BIGINT"), ("recorded_at", "TIMESTAMP"), ("event_id", "STRING"),
        ("event_type", "STRING"), ("event_version", "INT"), ("occurred_at", "TIMESTAMP"), ("payload", "BINARY"),
    ];

    private static readonly (string Name, string Type)[] QuarantineColumns =
    [
        ("source", "STRING"), ("source_partition", "INT"), ("source_offset", "BIGINT"), ("recorded_at", "TIMESTAMP"), ("reason", "STRING"),
        ("message", "STRING"), ("event_id", "STRING"), ("event_type", "STRING"), ("event_version", "INT"), ("payload", "BINARY"),
    ];

    /// <summary>Checks an S3 location (s3://bucket[/prefix]) and returns it without a trailing slash; throws <see cref="ArgumentException"/> otherwise.</summary>
    public static string NormalizeLocation(string location)
    {
        if (!location.StartsWith("s3://", StringComparison.Ordinal))
            throw new ArgumentException($"--location must be an S3 URI starting with s3:// (got '{location}')");
        var trimmed = location.TrimEnd('/');
        if (trimmed.Length <= "s3://".Length || trimmed["s3://".Length..].StartsWith('/'))
            throw new ArgumentException($"--location needs a bucket name after s3:// (got '{location}')");
        if (trimmed.Any(c => c is '\'' or '\\' or '`' || char.IsWhiteSpace(c) || char.IsControl(c)))
            throw new ArgumentException($"--location must not contain quotes, backslashes or whitespace (got '{location}')");
        return trimmed;
    }

    /// <summary>All statements for <paramref name="catalog"/>'s curated types, raw and quarantine, separated by blank lines.</summary>
    public static string Write(EventCatalog catalog, DdlDialect dialect, string location)
    {
        var root = NormalizeLocation(location);
        var sb = new StringBuilder();
        foreach (var type in catalog.CuratedTypes)
        {
            var columns = Envelope.Concat(type.Latest.Fields.Fields.Select(f => (f.Name, SqlType(f.Type)))).ToList();
            var folder = $"{root}/events/event_type={type.Name}";
            if (dialect == DdlDialect.Athena) Athena(sb, type.Name, columns, folder, sourcePartition: false);
            else Spark(sb, type.Name, columns, folder, sourcePartition: false);
            sb.Append('\n');
        }
        if (dialect == DdlDialect.Athena)
        {
            Athena(sb, "raw", RawColumns, $"{root}/raw", sourcePartition: true);
            sb.Append('\n');
            Athena(sb, "quarantine", QuarantineColumns, $"{root}/quarantine", sourcePartition: false);
        }
        else
        {
            Spark(sb, "raw", RawColumns, $"{root}/raw", sourcePartition: true);
            sb.Append('\n');
            Spark(sb, "quarantine", QuarantineColumns, $"{root}/quarantine", sourcePartition: false);
        }
        return sb.ToString();
    }

    /// <summary>The Hive/Spark SQL type of a catalog field type.</summary>
    public static string SqlType(FieldType type) => type.Kind switch
    {
        FieldKind.String or FieldKind.Enum => "STRING",
        FieldKind.Bool => "BOOLEAN",
        FieldKind.Int32 => "INT",
        FieldKind.Int64 => "BIGINT",
        FieldKind.Double => "DOUBLE",
        FieldKind.Decimal => $"DECIMAL({type.Precision},{type.Scale})",
        FieldKind.Timestamp => "TIMESTAMP",
        FieldKind.Date => "DATE",
        FieldKind.Struct => "STRUCT<" + string.Join(',', type.StructFields!.Fields.Select(f => f.Name + ":" + SqlType(f.Type))) + ">",
        FieldKind.List => "ARRAY<" + SqlType(type.Element!) + ">",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type.Kind, "no SQL type for this field kind"),
    };

    private static string Quote(string identifier) => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static void Columns(StringBuilder sb, IEnumerable<(string Name, string Type)> columns) =>
        sb.Append(string.Join(",\n", columns.Select(c => $"  {Quote(c.Name)} {c.Type}"))).Append('\n');

    private static void Athena(StringBuilder sb, string table, IReadOnlyList<(string Name, string Type)> columns, string folder, bool sourcePartition)
    {
        if (sourcePartition)
        {
            sb.Append("-- raw files sit under source=<source>/dt=<day>/. Athena cannot name a partition like the source column,\n");
            sb.Append("-- so the folder's source is the injected partition source_dir: queries must filter on it (WHERE source_dir = '...').\n");
        }
        sb.Append($"CREATE EXTERNAL TABLE IF NOT EXISTS {Quote(table)} (\n");
        Columns(sb, columns);
        sb.Append(sourcePartition ? ")\nPARTITIONED BY (`source_dir` string, `dt` string)\n" : ")\nPARTITIONED BY (`dt` string)\n");
        sb.Append("STORED AS PARQUET\n");
        sb.Append($"LOCATION {Literal(folder + "/")}\n");
        sb.Append("TBLPROPERTIES (\n");
        sb.Append("  'projection.enabled' = 'true',\n");
        if (sourcePartition) sb.Append("  'projection.source_dir.type' = 'injected',\n");
        sb.Append("  'projection.dt.type' = 'date',\n");
        sb.Append("  'projection.dt.format' = 'yyyy-MM-dd',\n");
        sb.Append("  'projection.dt.range' = '2000-01-01,NOW',\n");
        sb.Append("  'projection.dt.interval' = '1',\n");
        sb.Append("  'projection.dt.interval.unit' = 'DAYS',\n");
        var template = sourcePartition ? folder + "/source=${source_dir}/dt=${dt}/" : folder + "/dt=${dt}/";
        sb.Append($"  'storage.location.template' = {Literal(template)}\n");
        sb.Append(");\n");
    }

    private static void Spark(StringBuilder sb, string table, IReadOnlyList<(string Name, string Type)> columns, string folder, bool sourcePartition)
    {
        if (sourcePartition)
        {
            sb.Append("-- raw files sit under source=<source>/dt=<day>/: the source column is read from the folder name (the sanitised source).\n");
            columns = columns.Where(c => c.Name != "source").ToList();
        }
        sb.Append($"CREATE TABLE IF NOT EXISTS {Quote(table)} (\n");
        var partitions = sourcePartition ? new[] { ("source", "STRING"), ("dt", "STRING") } : new[] { ("dt", "STRING") };
        Columns(sb, columns.Concat(partitions));
        sb.Append(")\nUSING parquet\n");
        sb.Append($"PARTITIONED BY ({string.Join(", ", partitions.Select(p => Quote(p.Item1)))})\n");
        sb.Append($"LOCATION {Literal(folder + "/")};\n");
        sb.Append($"MSCK REPAIR TABLE {Quote(table)};\n");
    }
}
