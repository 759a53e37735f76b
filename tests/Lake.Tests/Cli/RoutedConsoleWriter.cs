using System.Text;

namespace Lake.Tests.Cli;

/// <summary>
/// Console.Out or Console.Error for the whole test process: what an in-process lake run writes (from its own flow, threads it
/// starts included) goes to that run's buffer; everything else (other tests, native callbacks) to the real console.
/// </summary>
/// <remarks>
/// Swapping Console.Out for a run let concurrent tests' lines (Hangfire logs, librdkafka's stderr) into the run's captured
/// output, and the run's own lines out of it once restored: assertions on exact output failed now and then under load.
/// </remarks>
internal sealed class RoutedConsoleWriter(TextWriter console) : TextWriter
{
    // A box rather than the buffer itself: threads a run started keep the box after the run, and an emptied box sends their
    // late writes back to the console instead of into a buffer the test is already reading.
    private readonly AsyncLocal<Box?> _run = new();

    public override Encoding Encoding => console.Encoding;

    private TextWriter Target => _run.Value?.Buffer ?? console;

    /// <summary>Routes this flow's writes to <paramref name="buffer"/> until the returned scope is disposed.</summary>
    public IDisposable Capture(TextWriter buffer)
    {
        var previous = _run.Value;
        var box = new Box(TextWriter.Synchronized(buffer));
        _run.Value = box;
        return new Scope(() =>
        {
            box.Buffer = null;
            _run.Value = previous;
        });
    }

    public override void Write(char value) => Target.Write(value);

    public override void Write(string? value) => Target.Write(value);

    public override void Write(char[] buffer, int index, int count) => Target.Write(buffer, index, count);

    public override void Write(ReadOnlySpan<char> buffer) => Target.Write(buffer);

    public override void WriteLine() => Target.WriteLine();

    public override void WriteLine(string? value) => Target.WriteLine(value);

    public override void WriteLine(ReadOnlySpan<char> buffer) => Target.WriteLine(buffer);

    public override void Flush() => Target.Flush();

    private sealed class Box(TextWriter buffer)
    {
        public volatile TextWriter? Buffer = buffer;
    }

    private sealed class Scope(Action end) : IDisposable
    {
        public void Dispose() => end();
    }
}
