using Lake.Core.Schema;
using Lake.Projections;

namespace Shop.Projections;

/// <summary>
/// customer_summary: per customer, the registration data, how many orders they placed, and what was paid for them. Payments name
/// only their order, so the projection keeps an order -> customer lookup (state the checkpoints store with the rows).
/// </summary>
public sealed class CustomerSummary : Projection
{
    private const string OrderCustomer = "order_customer";

    public override string Name => "customer_summary";
    public override string KeyColumn => "customer_id";

    public override IReadOnlyList<ProjectionColumn> Columns { get; } =
    [
        new("name", FieldType.String),
        new("customer_status", FieldType.String),
        new("marketing_opt_in", FieldType.Bool),
        new("orders_placed", FieldType.Int64, 0L),
        new("paid_minor", FieldType.Int64, 0L),
    ];

    public override IReadOnlyList<string> EventTypes { get; } = ["customer_registered", "order_placed", "payment_captured"];

    public override IReadOnlyCollection<string>? FieldsOf(string eventType) => eventType switch
    {
        "customer_registered" => ["customer_id", "name", "customer_status", "marketing_opt_in"],
        "order_placed" => ["order_id", "customer_id"],
        _ => ["order_id", "amount_minor"],
    };

    public override void Apply(ProjectionEvent e, ProjectionState state)
    {
        switch (e.Type)
        {
            case "customer_registered" when e.GetString("customer_id") is { } id:
                var customer = state.Row(id);
                customer["name"] = e["name"];
                customer["customer_status"] = e["customer_status"];
                customer["marketing_opt_in"] = e["marketing_opt_in"];
                break;
            case "order_placed" when e.GetString("customer_id") is { } id && e.GetString("order_id") is { } order:
                state.Lookup(OrderCustomer)[order] = id;
                var placer = state.Row(id);
                placer["orders_placed"] = placer.Int64("orders_placed") + 1;
                break;
            case "payment_captured" when e.GetString("order_id") is { } order && e.GetInt64("amount_minor") is { } amount:
                // A payment for an order not placed yet (in fold order) belongs to no known customer.
                if (!state.Lookup(OrderCustomer).TryGetValue(order, out var payer)) break;
                var row = state.Row(payer);
                row["paid_minor"] = row.Int64("paid_minor") + amount;
                break;
        }
    }
}
