using Lake.Core.Upcasting;

namespace Lake.Tests.Upcasting;

/// <summary>Regression: a required field of an older received version was never enforced, because only the latest version was validated.</summary>
public class OlderVersionRequiredFieldTests
{
    [Fact]
    public void A_v1_account_opened_without_its_required_owner_name_is_missing_field_not_a_row_without_owner()
    {
        var result = Pipelines.Bank.Process(Wire.Envelope("account_opened", 1, Wire.Data(("account_id", "a-1"), ("initial_deposit", "10.00"))));
        Assert.True(result.IsQuarantined);
        Assert.Equal(QuarantineReason.MissingField, result.Error!.Reason);
        Assert.Contains("account_opened v1: required field 'owner_name' is missing", result.Error.Message);
    }

    [Fact]
    public void A_v1_account_opened_with_owner_name_null_is_missing_field_too()
    {
        var result = Pipelines.Bank.Process(Wire.Envelope("account_opened", 1, Wire.Data(("account_id", "a-1"), ("owner_name", null))));
        Assert.Equal(QuarantineReason.MissingField, result.Error?.Reason);
    }

    [Fact]
    public void A_v2_account_opened_without_owner_is_accepted_because_v2_makes_owner_optional()
    {
        var result = Pipelines.Bank.Process(Wire.Envelope("account_opened", 2, Wire.Data(("account_id", "a-1"))));
        Assert.False(result.IsQuarantined, result.Error?.Message);
        Assert.Null(Assert.Single(result.Events)["owner"]);
    }
}
