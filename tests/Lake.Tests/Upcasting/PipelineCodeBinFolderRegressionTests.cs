using Lake.Pipelines;

namespace Lake.Tests.Upcasting;

/// <summary>
/// Regression: PipelineCode skipped every *.cs file whose absolute path contained "/bin/" or "/obj/", so a pipeline deployed under
/// a folder named bin (such as a test's output folder) silently lost all its C# upcasters.
/// </summary>
public class PipelineCodeBinFolderRegressionTests
{
    [Fact]
    public void Csharp_upcasters_of_a_pipeline_inside_a_folder_named_bin_are_still_compiled_while_its_own_bin_folder_is_ignored()
    {
        var root = Path.Combine(Path.GetTempPath(), "lake-test-" + Guid.NewGuid().ToString("N"), "bin", "pipe");
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "bin"));
            File.WriteAllText(Path.Combine(root, "Up.cs"), """
                using Lake.Core.Upcasting;
                public sealed class BinFolderUpcaster : IEventUpcaster
                {
                    public string EventType => "thing";
                    public int FromVersion => 1;
                    public IEnumerable<EventDraft> Upcast(EventDraft draft) { yield return draft.Next(); }
                }
                """);
            // Build output inside the pipeline folder must not be compiled (this would not compile).
            File.WriteAllText(Path.Combine(root, "bin", "Stale.cs"), "this is not C#");

            var code = PipelineCode.Load(root);

            Assert.Equal("BinFolderUpcaster", Assert.Single(code.Upcasters).GetType().Name);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(root))!, recursive: true);
        }
    }
}
