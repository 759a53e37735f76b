using Lake.Core.Schema;
using Lake.Pipelines;
using Lake.Projections;
using Lake.Tests.Cli;

namespace Lake.Tests.Projections;

/// <summary>A broken projections/*.yaml is refused when the pipeline's projections load, every problem with its line and fix.</summary>
public sealed class DeclarativeProjectionErrorTests
{
    private static CatalogException Load(string pipeline, string yaml)
    {
        using var temp = new TempFolder();
        var dir = temp.Copy(Repo.Pipeline(pipeline), pipeline);
        File.WriteAllText(Path.Combine(dir, "projections", "broken.yaml"), yaml);
        return Assert.Throws<CatalogException>(() => ProjectionLoader.Load(PipelineLoader.Load(dir)));
    }

    [Fact]
    public void Unknown_fields_columns_and_types_are_each_reported_with_their_line_and_the_fix()
    {
        var e = Load("bank", """
            key: account_id
            columns:
              balance: { type: "decimal(18,2)", initial: 0 }
              status: strin
            on:
              money_deposited:
                add: { balance: amount, total: amount }
              money_withdrawn:
                subtract: { balance: amout }
              account_renamed:
                set: { status: { value: renamed } }
            """);
        var problems = e.Errors.Select(x => (x.Location.Line, x.Problem, x.Fix)).ToList();
        Assert.Contains(problems, p => p.Line == 4 && p.Problem.Contains("column 'status' has no usable type ('strin')"));
        Assert.Contains(problems, p => p.Line == 7 && p.Problem.Contains("'total' is not a column") && p.Fix.Contains("balance"));
        Assert.Contains(problems, p => p.Line == 9 && p.Problem.Contains("'money_withdrawn' has no field 'amout'") && p.Fix.Contains("amount"));
        Assert.Contains(problems, p => p.Line == 10 && p.Problem.Contains("no event type 'account_renamed'") && p.Fix.Contains("account_opened"));
        Assert.All(e.Errors, x => Assert.EndsWith("broken.yaml", x.Location.File));
    }

    [Fact]
    public void A_legacy_event_type_is_refused_with_the_name_its_events_land_under()
    {
        var e = Load("shop", """
            key: order_id
            columns:
              carrier: string
            on:
              order_dispatched:
                set: { carrier: carrier }
            """);
        var error = Assert.Single(e.Errors);
        Assert.Contains("'order_dispatched' is a legacy type", error.Problem);
        Assert.Contains("order_shipped", error.Fix);
    }

    [Fact]
    public void Adding_to_a_text_column_and_a_constant_of_the_wrong_type_are_refused()
    {
        var e = Load("bank", """
            key: account_id
            columns:
              status: string
              opened_at: timestamp
            on:
              account_opened:
                add: { status: initial_deposit }
                set: { opened_at: { value: yesterday } }
            """);
        Assert.Contains(e.Errors, x => x.Problem.Contains("column 'status' is a string, not a number"));
        Assert.Contains(e.Errors, x => x.Problem.Contains("the constant 'yesterday' is not a timestamp"));
    }
}
