namespace Lake.Tests.Catalog;

public class VersionNumberingTests
{
    [Fact]
    public void A_gap_between_versions_names_the_missing_version()
    {
        using var p = new PipelineFolder().Event("order_placed", """
            versions:
              1:
                fields:
                  order_id: string!
              3:
                fields:
                  order_id: string!
            """);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", 3, null);
        Assert.Equal(5, error.Location.Line);
        Assert.Contains("2 is missing", error.Problem);
        Assert.Contains("declared: 1, 3", error.Problem);
        Assert.Contains("declare every version from 1", error.Fix);
    }

    [Fact]
    public void A_version_number_written_twice_is_reported_as_declared_more_than_once()
    {
        // '1' and '01' are different YAML keys but the same version.
        using var p = new PipelineFolder().Event("order_placed", """
            versions:
              1:
                fields:
                  order_id: string!
              01:
                fields:
                  order_id: string!
            """);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", 1, null);
        Assert.Contains("version 1 is declared more than once", error.Problem);
    }

    [Fact]
    public void The_same_version_key_twice_is_a_duplicate_key_error_at_its_line()
    {
        using var p = new PipelineFolder().Event("order_placed", """
            versions:
              1:
                fields:
                  order_id: string!
              1:
                fields:
                  order_id: string!
            """);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", null, null);
        Assert.Equal(5, error.Location.Line);
        Assert.Contains("'1'", error.Problem);
        Assert.Contains("more than once", error.Problem);
    }

    [Fact]
    public void A_version_key_that_is_not_a_number_is_rejected()
    {
        using var p = new PipelineFolder().Event("order_placed", """
            versions:
              v1:
                fields:
                  order_id: string!
            """);
        var error = ErrorAssert.Single(p.Errors(), "not a version number");
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", null, null);
        Assert.Equal(2, error.Location.Line);
    }

    [Fact]
    public void Version_1_with_upcast_steps_is_rejected()
    {
        using var p = new PipelineFolder().Event("order_placed", """
            versions:
              1:
                upcast:
                  - add: currency
                fields:
                  order_id: string!
                  currency: string
            """);
        var error = p.SingleError();
        ErrorAssert.Names(error, p.EventFile("order_placed"), "order_placed", 1, null);
        Assert.Equal(4, error.Location.Line);
        Assert.Contains("no previous version", error.Problem);
        Assert.Contains("remove 'upcast' from version 1", error.Fix);
    }
}
