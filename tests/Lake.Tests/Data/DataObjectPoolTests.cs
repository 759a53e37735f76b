using Lake.Core.Data;

namespace Lake.Tests.Data;

public class DataObjectPoolTests
{
    [Fact]
    public void After_a_round_is_returned_the_same_objects_come_back_empty()
    {
        var pool = new DataObjectPool();
        var first = pool.Rent();
        first.Set("a", 1);
        var second = pool.Rent();
        Assert.NotSame(first, second);
        pool.ReturnAll();
        var again = pool.Rent();
        Assert.Same(first, again);
        Assert.Equal(0, again.Count);
        Assert.Null(again["a"]);
    }

    [Fact]
    public void A_clone_shares_no_struct_or_list_with_its_source()
    {
        var pool = new DataObjectPool();
        var nested = new DataObject();
        nested.Set("city", "Lyon");
        var source = new DataObject();
        source.Set("owner", nested);
        source.Set("items", new List<object?> { nested, 2m });
        source.Set("n", 5L);

        var copy = pool.Clone(source);
        ((DataObject)copy["owner"]!).Set("city", "Brno");
        ((List<object?>)copy["items"]!).Add("more");
        ((DataObject)((List<object?>)copy["items"]!)[0]!).Set("city", "Cork");

        Assert.Equal("Lyon", nested["city"]);
        Assert.Equal(2, ((List<object?>)source["items"]!).Count);
        Assert.Equal(5L, copy["n"]);
        Assert.Equal(["owner", "items", "n"], copy.Select(kv => kv.Key));
    }
}
