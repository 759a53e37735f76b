using Lake.Ingest;

namespace Lake.Tests.Lake;

/// <summary>Files being written are bounded by the bytes of rows they hold and by count; a file larger than the bound passes alone.</summary>
public sealed class WriteGateTests
{
    [Fact]
    public void Small_files_pass_together_up_to_the_count_and_a_large_one_waits_until_the_others_are_done()
    {
        var gate = new WriteGate(maxBytes: 100, maxFiles: 3);
        gate.Enter(10);
        gate.Enter(10);
        gate.Enter(10);
        var fourth = OnOwnThread(() => gate.Enter(10));
        Assert.False(fourth.Wait(200), "a fourth file passed while three were in flight");
        gate.Exit(10);
        Assert.True(fourth.Wait(30_000));

        var large = OnOwnThread(() => gate.Enter(500));
        Assert.False(large.Wait(200), "a file larger than the bound passed while others were in flight");
        gate.Exit(10);
        gate.Exit(10);
        Assert.False(large.Wait(200));
        gate.Exit(10);
        Assert.True(large.Wait(30_000), "a file larger than the bound must pass once it is alone");
        gate.Exit(500);
    }

    // Not a pool thread: tests running alongside may hold the pool's threads, and a late start would read as a wait.
    private static Task OnOwnThread(Action enter) => Task.Factory.StartNew(enter, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
