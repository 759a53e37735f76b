namespace Lake.Tests;

/// <summary>Waits for a condition by checking it at an interval; unlike SpinWait.SpinUntil it leaves the cores to the code under test.</summary>
internal static class Poll
{
    public static bool Until(Func<bool> condition, TimeSpan timeout, int intervalMs = 100)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            Thread.Sleep(intervalMs);
        }
        return true;
    }
}
