using Lake.Core.Upcasting;

namespace Lake.Tests.Upcasting;

/// <summary>
/// null_if: ["", "null"] on contact_added v2's email (legacy fixture) turns those strings into null there, and only there.
/// </summary>
public class NullIfTests
{
    private static CuratedEvent Contact(int version, string? email, string? phone)
    {
        var data = Wire.Data(("contact_id", "k-1"), ("email", email), ("phone", phone));
        var result = Pipelines.Legacy.Process(Wire.Envelope("contact_added", version, data));
        Assert.Null(result.Error);
        return Assert.Single(result.Events);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void An_empty_string_becomes_null_only_in_the_field_that_declares_it(int version)
    {
        var e = Contact(version, "", "");
        Assert.Null(e["email"]);
        Assert.Equal("", e["phone"]);
    }

    [Fact]
    public void The_string_null_becomes_null_where_declared_and_stays_text_elsewhere()
    {
        var e = Contact(2, "null", "null");
        Assert.Null(e["email"]);
        Assert.Equal("null", e["phone"]);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("NULL")]
    [InlineData("a@b.c")]
    public void Other_strings_are_kept_as_sent(string email) => Assert.Equal(email, Contact(2, email, null)["email"]);

    [Fact]
    public void Null_if_does_not_apply_where_a_catalog_does_not_declare_it()
    {
        // The shop catalog declares no null_if: an empty name stays an empty string.
        var result = Pipelines.Shop.Process(Wire.Envelope("customer_registered", 3, Wire.Data(("customer_id", "c-1"), ("name", ""), ("email", "null"))));
        var e = Assert.Single(result.Events);
        Assert.Equal("", e["name"]);
        Assert.Equal("null", e["email"]);
    }
}
