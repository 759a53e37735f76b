using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Lake.Tests.Upcasting.Generators;

namespace Lake.Tests.Upcasting;

/// <summary>Generated bank events at every version upcast to exactly what the catalog's spec says, computed here by hand.</summary>
public class BankUpcastingProperties
{
    internal static Gen<Case> MoneyMoved(string type) =>
        from meta in Meta
        from version in Gen.Choose(1, 2)
        from accountId in Id
        from amount in Optional(Money(negative: true).Select(m => ((long, string)?)m))
        from asString in Gen.Elements(true, false)
        from currency in Optional(Gen.Elements("USD", "EUR", "CHF"))
        select MoneyCase(type, meta, version, accountId, amount, asString, currency);

    private static Case MoneyCase(string type, WireMeta meta, int version, string accountId, Opt<(long Cents, string Text)?> amount, bool asString, Opt<string> currency)
    {
        var data = Wire.Data(("account_id", accountId));
        // v1 amounts are JSON numbers; v2 decimals may also come as decimal strings.
        Put(data, "amount", amount, a => MoneyNode(a!.Value, version == 2 && asString));
        if (version == 2) Put(data, "currency", currency);
        object?[] expected =
        [
            accountId,
            amount.Value is { } a ? CentsToDecimal(a.Cents) : null,
            version == 2 && currency.Value is { } c ? c : "USD",
        ];
        return Build(type, version, data, type, expected, meta);
    }

    internal static readonly Gen<Case> AccountOpened =
        from meta in Meta
        from version in Gen.Choose(1, 2)
        from accountId in Id
        from ownerName in Text
        from owner in Optional(Gen.Two(Optional(Text)))
        from deposit in Optional(Money(negative: false).Select(m => ((long, string)?)m))
        from asString in Gen.Elements(true, false)
        from currency in Optional(Gen.Elements("USD", "EUR"))
        select AccountCase(meta, version, accountId, ownerName, owner, deposit, asString, currency);

    private static Case AccountCase(WireMeta meta, int version, string accountId, string ownerName, Opt<(Opt<string> Name, Opt<string> Email)> owner,
        Opt<(long Cents, string Text)?> deposit, bool asString, Opt<string> currency)
    {
        var data = Wire.Data(("account_id", accountId));
        object?[]? ownerExpected;
        if (version == 1)
        {
            // owner_name (required at v1) moves to owner.name; v1 has no email.
            data["owner_name"] = ownerName;
            ownerExpected = [ownerName, null];
        }
        else
        {
            Put(data, "owner", owner, o =>
            {
                var node = new JsonObject();
                Put(node, "name", o.Name);
                Put(node, "email", o.Email);
                return node;
            });
            ownerExpected = owner.IsValue ? [owner.Value.Name.Value, owner.Value.Email.Value] : null;
        }
        // v1 deposits are decimal strings; v2 takes a decimal number or string.
        Put(data, "initial_deposit", deposit, d => MoneyNode(d!.Value, version == 1 || asString));
        if (version == 2) Put(data, "currency", currency);
        object?[] expected =
        [
            accountId,
            ownerExpected,
            deposit.Value is { } d ? CentsToDecimal(d.Cents) : null,
            version == 2 && currency.Value is { } c ? c : "USD",
        ];
        return Build("account_opened", version, data, "account_opened", expected, meta);
    }

    [Property]
    public Property Money_deposited_v1_amounts_become_two_decimal_amounts_in_default_usd() =>
        Prop.ForAll(MoneyMoved("money_deposited").ToArbitrary(), c => ShopUpcastingProperties.AssertUpcastsAsExpected(Pipelines.Bank, c));

    [Property]
    public Property Money_withdrawn_v1_amounts_become_two_decimal_amounts_in_default_usd() =>
        Prop.ForAll(MoneyMoved("money_withdrawn").ToArbitrary(), c => ShopUpcastingProperties.AssertUpcastsAsExpected(Pipelines.Bank, c));

    [Property]
    public Property Account_opened_v1_groups_the_owner_name_into_an_owner_without_email_and_parses_the_deposit() =>
        Prop.ForAll(AccountOpened.ToArbitrary(), c => ShopUpcastingProperties.AssertUpcastsAsExpected(Pipelines.Bank, c));
}
