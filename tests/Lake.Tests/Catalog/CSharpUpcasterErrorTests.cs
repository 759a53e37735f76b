namespace Lake.Tests.Catalog;

public class CSharpUpcasterErrorTests
{
    private const string TwoVersions = """
        versions:
          1:
            fields:
              order_id: string!
          2:
            fields:
              order_id: string!
        """;

    private static string Upcaster(string className, string type, int from, string body = "yield return draft.Next();") => $$"""
        using Lake.Core.Upcasting;

        namespace CatalogTests;

        public sealed class {{className}} : IEventUpcaster
        {
            public string EventType => "{{type}}";
            public int FromVersion => {{from}};

            public IEnumerable<EventDraft> Upcast(EventDraft draft)
            {
                {{body}}
            }
        }
        """;

    [Fact]
    public void A_valid_upcaster_is_registered()
    {
        using var p = new PipelineFolder().Event("order_placed", TwoVersions).Write("OrderUpcaster.cs", Upcaster("OrderUpcaster", "order_placed", 1));
        var upcaster = Assert.Single(p.Load().Catalog.CodeUpcasters);
        Assert.Equal(("order_placed", 1), (upcaster.EventType, upcaster.FromVersion));
    }

    [Fact]
    public void A_compile_error_is_reported_with_file_and_line()
    {
        using var p = new PipelineFolder().Event("order_placed", TwoVersions)
            .Write("OrderUpcaster.cs", Upcaster("OrderUpcaster", "order_placed", 1, "yield return draft.Nxt();"));
        var error = p.SingleError();
        var file = p.PathOf("OrderUpcaster.cs");
        ErrorAssert.Names(error, file, null, null, null);
        Assert.Equal(ErrorAssert.LineOf(file, "draft.Nxt()"), error.Location.Line);
        Assert.Contains("C# error CS1061", error.Problem);
        Assert.Contains("Nxt", error.Problem);
        Assert.Contains($"{file}:{error.Location.Line}:", error.ToString());
    }

    [Fact]
    public void Two_upcasters_for_the_same_type_and_version_are_rejected()
    {
        using var p = new PipelineFolder().Event("order_placed", TwoVersions)
            .Write("A.cs", Upcaster("FirstUpcaster", "order_placed", 1))
            .Write("B.cs", Upcaster("SecondUpcaster", "order_placed", 1));
        var error = p.SingleError();
        Assert.Equal(("order_placed", 1, (string?)null), (error.EventType, error.Version, error.Field));
        Assert.Contains("two C# upcasters are registered for version 1 (FirstUpcaster and SecondUpcaster)", error.Problem);
        Assert.Contains("SecondUpcaster", error.ToString());
        Assert.Contains("event type 'order_placed', version 1", error.ToString());
        Assert.Contains("keep one upcaster per (event type, from-version)", error.Fix);
    }

    [Fact]
    public void An_upcaster_from_the_latest_version_is_rejected()
    {
        using var p = new PipelineFolder().Event("order_placed", TwoVersions).Write("OrderUpcaster.cs", Upcaster("LatestUpcaster", "order_placed", 2));
        var error = p.SingleError();
        Assert.Equal(("order_placed", 2), (error.EventType, error.Version));
        Assert.Contains("C# upcaster LatestUpcaster starts from the latest version 2", error.Problem);
        Assert.Contains("declare version 3", error.Fix);
    }

    [Fact]
    public void An_upcaster_for_an_undeclared_type_is_rejected()
    {
        using var p = new PipelineFolder().Event("order_placed", TwoVersions).Write("OrderUpcaster.cs", Upcaster("StrayUpcaster", "order_shipped", 1));
        var error = p.SingleError();
        Assert.Equal(("order_shipped", 1), (error.EventType, error.Version));
        Assert.Contains("a type the catalog does not declare", error.Problem);
    }

    [Fact]
    public void Declarative_steps_and_an_upcaster_for_the_same_step_are_rejected()
    {
        using var p = new PipelineFolder().Event("order_placed", """
            versions:
              1:
                fields:
                  order_id: string!
              2:
                upcast:
                  - add: currency
                fields:
                  order_id: string!
                  currency: string
            """).Write("OrderUpcaster.cs", Upcaster("OrderUpcaster", "order_placed", 1));
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", 2, null);
        Assert.Contains("both declarative upcast steps and the C# upcaster OrderUpcaster handle v1->v2", error.Problem);
        Assert.Contains("keep one", error.Fix);
    }
}
