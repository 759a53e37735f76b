using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Lake.Core.Schema;
using Lake.Core.Upcasting;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Lake.Pipelines;

/// <summary>
/// Compiles a pipeline folder's <c>*.cs</c> files against Lake.Core and finds its C# upcasters. The compiled assembly is cached by
/// the hash of the sources and of the assemblies they reference, so only the first run after a change pays for compilation.
/// C# projections under <c>projections/</c> are compiled separately (they also reference Lake.Projections, see <see cref="CompileAssembly"/>).
/// </summary>
public sealed class PipelineCode
{
    private static readonly Dictionary<string, Assembly> Loaded = new(StringComparer.Ordinal);

    private PipelineCode(Assembly? assembly, IReadOnlyList<IEventUpcaster> upcasters)
    {
        Assembly = assembly;
        Upcasters = upcasters;
    }

    public Assembly? Assembly { get; }
    public IReadOnlyList<IEventUpcaster> Upcasters { get; }

    /// <summary>The folder of a pipeline whose C# files are projections, not upcasters.</summary>
    public const string ProjectionsFolder = "projections";

    public static PipelineCode Load(string pipelineDir)
    {
        var sources = SourceFiles(pipelineDir, pipelineDir)
            .Where(f => Path.GetRelativePath(pipelineDir, f).Split(Path.DirectorySeparatorChar)[0] != ProjectionsFolder)
            .ToList();
        if (sources.Count == 0) return new PipelineCode(null, []);

        var assembly = CompileOrLoadCached(pipelineDir, sources, []);
        var upcasters = new List<IEventUpcaster>();
        foreach (var type in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IEventUpcaster).IsAssignableFrom(t)).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            if (type.GetConstructor(Type.EmptyTypes) is null)
            {
                throw new CatalogException([new CatalogError(new SourceLocation(type.FullName ?? type.Name, 0, 0), null, null, null,
                    "a C# upcaster needs a public parameterless constructor", "add 'public " + type.Name + "() { }' or remove the parameters")]);
            }
            upcasters.Add((IEventUpcaster)Activator.CreateInstance(type)!);
        }
        return new PipelineCode(assembly, upcasters);
    }

    /// <summary>The <c>*.cs</c> files under <paramref name="folder"/> in ordinal order, skipping build output inside the pipeline.</summary>
    public static IReadOnlyList<string> SourceFiles(string pipelineDir, string folder) =>
        !System.IO.Directory.Exists(folder) ? [] : System.IO.Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            // Only bin/ and obj/ folders inside the pipeline are build output; the pipeline itself may live under a folder named bin.
            .Where(f => Path.GetRelativePath(pipelineDir, f).Split(Path.DirectorySeparatorChar) is var parts && !parts[..^1].Any(p => p is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Compiles <paramref name="sources"/> against Lake.Core, the framework and <paramref name="references"/> (cached like upcasters);
    /// throws <see cref="CatalogException"/> with file and line for each C# error.
    /// </summary>
    public static Assembly CompileAssembly(string pipelineDir, IReadOnlyList<string> sources, IReadOnlyList<Assembly> references) =>
        CompileOrLoadCached(pipelineDir, sources, references);

    private static Assembly CompileOrLoadCached(string pipelineDir, IReadOnlyList<string> sources, IReadOnlyList<Assembly> references)
    {
        var texts = sources.Select(f => (File: f, Text: File.ReadAllText(f))).ToList();
        var key = CacheKey(texts, references);
        lock (Loaded)
        {
            if (Loaded.TryGetValue(key, out var loaded)) return loaded;
            var cacheFile = Path.Combine(CacheDirectory(), key + ".dll");
            byte[] image;
            if (File.Exists(cacheFile))
            {
                image = File.ReadAllBytes(cacheFile);
            }
            else
            {
                image = Compile(pipelineDir, texts, key, references);
                TryWriteCache(cacheFile, image);
            }
            var assembly = Assembly.Load(image);
            Loaded[key] = assembly;
            return assembly;
        }
    }

    private static byte[] Compile(string pipelineDir, List<(string File, string Text)> texts, string key, IReadOnlyList<Assembly> references)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = texts.Select(t => CSharpSyntaxTree.ParseText(t.Text, parse, path: t.File, encoding: Encoding.UTF8)).ToList();
        trees.Add(CSharpSyntaxTree.ParseText("global using System; global using System.Collections.Generic; global using System.Linq;", parse));
        var compilation = CSharpCompilation.Create(
            "Lake.Pipeline." + Path.GetFileName(pipelineDir.TrimEnd(Path.DirectorySeparatorChar)) + "." + key[..12],
            trees,
            References(references),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release,
                nullableContextOptions: NullableContextOptions.Enable, deterministic: true));
        using var ms = new MemoryStream();
        var result = compilation.Emit(ms);
        if (!result.Success)
        {
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20).Select(d =>
            {
                var span = d.Location.GetLineSpan();
                return new CatalogError(new SourceLocation(span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1), null, null, null,
                    $"C# error {d.Id}: {d.GetMessage()}", "fix the pipeline's C# code; it compiles against Lake.Core with implicit System, Linq and Collections.Generic usings");
            }).ToList();
            throw new CatalogException(errors);
        }
        return ms.ToArray();
    }

    private static IEnumerable<MetadataReference> References(IReadOnlyList<Assembly> extra)
    {
        var tpa = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES"))?.Split(Path.PathSeparator) ?? [];
        var framework = tpa.Where(p => Path.GetFileName(p) is var n && (n.StartsWith("System.", StringComparison.Ordinal) || n is "System.dll" or "netstandard.dll" or "mscorlib.dll"));
        return framework.Append(typeof(IEventUpcaster).Assembly.Location).Concat(extra.Select(a => a.Location)).Distinct().Select(p => MetadataReference.CreateFromFile(p));
    }

    private static string CacheKey(List<(string File, string Text)> texts, IReadOnlyList<Assembly> references)
    {
        var sb = new StringBuilder();
        sb.Append(typeof(IEventUpcaster).Assembly.ManifestModule.ModuleVersionId).Append('\n');
        foreach (var r in references) sb.Append(r.ManifestModule.ModuleVersionId).Append('\n');
        foreach (var (file, text) in texts) sb.Append(Path.GetFileName(file)).Append('\n').Append(text).Append('\0');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..32];
    }

    /// <summary><c>LAKE_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/lake</c>, else <c>~/.cache/lake</c>.</summary>
    public static string CacheDirectory()
    {
        var dir = Environment.GetEnvironmentVariable("LAKE_CACHE_DIR");
        if (string.IsNullOrEmpty(dir))
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            dir = Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".cache") : xdg, "lake");
        }
        return Path.Combine(dir, "pipeline-code");
    }

    private static void TryWriteCache(string file, byte[] image)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var tmp = file + "." + Environment.ProcessId + ".tmp";
            File.WriteAllBytes(tmp, image);
            File.Move(tmp, file, overwrite: true);
        }
        catch (IOException)
        {
            // A read-only or full cache only costs a recompile next time.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
