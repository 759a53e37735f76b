using System.Text;
using Lake.Core.Upcasting;
using Lake.Pipelines;
using static Lake.Tests.Upcasting.LatestShortcutTests;

namespace Lake.Tests.Upcasting;

/// <summary>Regressions found by <see cref="ShortcutFuzzTests"/>: a group into a struct the event may send gets no plan.</summary>
public sealed class ShortcutFuzzFindings
{
    [Theory]
    // A group into a struct the event may send, then a drop of the moved field: without 'b' sent, the general path forms b.
    [InlineData("""
        versions:
          1:
            fields:
              b: { type: struct, fields: { x: string } }
              c: string
          2:
            upcast:
              - group: { into: b, fields: { c: k } }
            fields:
              b: { type: struct, fields: { x: string, k: string } }
          3:
            upcast:
              - drop: b.k
            fields:
              b: { type: struct, fields: { x: string } }
        """, """{"c":null}""")]
    // An add of null grouped into a struct the event may send: the general path forms the struct, the plan ignores the null.
    [InlineData("""
        versions:
          1:
            fields:
              id: string
              b: { type: struct, fields: { x: string } }
          2:
            upcast:
              - add: { field: p, value: null }
            fields:
              id: string
              b: { type: struct, fields: { x: string } }
              p: string
          3:
            upcast:
              - group: { into: b, fields: [p] }
            fields:
              id: string
              b: { type: struct, fields: { x: string, p: string } }
        """, """{"id":"i"}""")]
    public void Found_by_the_fuzzer(string yaml, string data)
    {
        var dir = Path.Combine(Path.GetTempPath(), "lake-fuzz-finding", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "events"));
        File.WriteAllText(Path.Combine(dir, "pipeline.yaml"), "name: f\n");
        File.WriteAllText(Path.Combine(dir, "events", "t.yaml"), yaml);
        var u = new Upcaster(PipelineLoader.Load(dir).Catalog);
        var line = Encoding.UTF8.GetBytes($$"""{"metadata":{"id":"e-1","type":"t","version":1,"occurred_at":"2026-11-20T10:15:00Z"},"data":{{data}}}""");
        AssertSame(General(u, line), u.Process(line), data);
    }
}
