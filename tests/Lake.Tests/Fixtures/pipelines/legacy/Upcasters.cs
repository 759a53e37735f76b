using Lake.Core.Data;
using Lake.Core.Upcasting;

namespace Legacy;

/// <summary>Splits checkout_completed v1 into order_opened v1 (keeps the id) and payment_taken v1 (id#1).</summary>
public sealed class CheckoutSplitter : IEventUpcaster
{
    public string EventType => "checkout_completed";
    public int FromVersion => 1;

    public IEnumerable<EventDraft> Upcast(EventDraft draft)
    {
        var channel = draft.Data["channel"] as string;
        if (channel == "boom") throw new InvalidOperationException("the checkout marker 'boom' cannot be split");
        var mapped = channel switch
        {
            null => null,
            "W" => "web",
            "S" => "store",
            _ => throw new EventRejectedException(QuarantineReason.UnmappedValue, $"checkout channel \"{channel}\" has no mapping (W, S)"),
        };

        var order = new DataObject();
        order.Set("order_id", draft.Data["order_id"]);
        order.Set("channel", mapped);
        var customer = new DataObject();
        customer.Set("id", draft.Data["customer_id"]);
        order.Set("customer", customer);

        var payment = new DataObject();
        payment.Set("order_id", draft.Data["order_id"]);
        payment.Set("amount", draft.Data["amount"]);

        yield return draft.Derive(0, "order_opened", 1, order);
        yield return draft.Derive(1, "payment_taken", 1, payment);
    }
}

/// <summary>Drops test contacts (is_test: true); other contacts move to v2 without the flag.</summary>
public sealed class ContactTestFilter : IEventUpcaster
{
    public string EventType => "contact_added";
    public int FromVersion => 1;

    public IEnumerable<EventDraft> Upcast(EventDraft draft)
    {
        if (draft.Data["is_test"] is true) yield break;
        draft.Data.Remove("is_test");
        yield return draft.Next();
    }
}
