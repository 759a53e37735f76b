using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Lake.Core.Schema;
using Lake.Pipelines;
using Lake.Projections.Declarative;

namespace Lake.Projections;

/// <summary>
/// Loads a pipeline's projections: <c>projections/*.yaml</c> (declarative) and <c>projections/*.cs</c> (subclasses of
/// <see cref="Projection"/>, compiled with Roslyn like C# upcasters), so adding one needs no change to Lake itself.
/// </summary>
public static class ProjectionLoader
{
    /// <summary>
    /// Bumped when the fold's semantics change, so checkpoints written by an older engine are never reused. 2: values C# projections
    /// set are converted to the column's type when set (decimals rounded to the column's scale, away from zero), not when written.
    /// </summary>
    public const string EngineVersion = "projections-2";

    /// <summary>Every projection of the pipeline, by name; throws <see cref="CatalogException"/> listing every problem.</summary>
    public static IReadOnlyList<LoadedProjection> Load(PipelineDefinition pipeline)
    {
        var dir = Path.Combine(pipeline.Directory, PipelineCode.ProjectionsFolder);
        var errors = new List<CatalogError>();
        var loaded = new List<LoadedProjection>();
        if (!Directory.Exists(dir)) return loaded;
        foreach (var file in Directory.GetFiles(dir, "*.yaml").Order(StringComparer.Ordinal))
        {
            if (new DeclarativeReader(file, pipeline.Catalog, errors).Read() is { } p)
                loaded.Add(new LoadedProjection(p, file, Fingerprint(pipeline, "yaml", [File.ReadAllText(file)])));
        }
        var sources = PipelineCode.SourceFiles(pipeline.Directory, dir);
        if (sources.Count > 0)
        {
            try
            {
                var assembly = PipelineCode.CompileAssembly(pipeline.Directory, sources, [typeof(Projection).Assembly]);
                var texts = sources.Select(f => Path.GetFileName(f) + "\n" + File.ReadAllText(f)).ToList();
                foreach (var type in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(Projection).IsAssignableFrom(t)).OrderBy(t => t.FullName, StringComparer.Ordinal))
                {
                    if (Instantiate(type, errors) is not { } p) continue;
                    Check(p, pipeline, type, errors);
                    loaded.Add(new LoadedProjection(p, type.FullName ?? type.Name, Fingerprint(pipeline, "cs " + type.FullName, texts)));
                }
            }
            catch (CatalogException e)
            {
                errors.AddRange(e.Errors);
            }
        }
        foreach (var dup in loaded.GroupBy(p => p.Name).Where(g => g.Count() > 1))
        {
            errors.Add(new CatalogError(new SourceLocation(dir, 0, 0), null, null, null, $"two projections are named '{dup.Key}' ({string.Join(", ", dup.Select(d => d.Origin))})", "rename one of them"));
        }
        if (errors.Count > 0) throw new CatalogException(errors);
        return loaded.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The named projection, or a <see cref="ProjectionException"/> that lists the ones there are.</summary>
    public static LoadedProjection Find(PipelineDefinition pipeline, string name)
    {
        var all = Load(pipeline);
        return all.FirstOrDefault(p => p.Name == name) ?? throw new ProjectionException(
            $"pipeline '{pipeline.Name}' has no projection '{name}'; " + (all.Count == 0
                ? $"declare one in {Path.Combine(pipeline.Directory, PipelineCode.ProjectionsFolder)}/{name}.yaml (see docs/PROJECTIONS.md)"
                : "use one of: " + string.Join(", ", all.Select(p => p.Name))));
    }

    private static Projection? Instantiate(Type type, List<CatalogError> errors)
    {
        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            errors.Add(new CatalogError(new SourceLocation(type.FullName ?? type.Name, 0, 0), null, null, null,
                "a C# projection needs a public parameterless constructor", "add 'public " + type.Name + "() { }' or remove the parameters"));
            return null;
        }
        try
        {
            return (Projection)Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException e)
        {
            errors.Add(new CatalogError(new SourceLocation(type.FullName ?? type.Name, 0, 0), null, null, null,
                "the C# projection's constructor failed: " + e.InnerException?.Message, "fix the constructor"));
            return null;
        }
    }

    private static void Check(Projection p, PipelineDefinition pipeline, Type type, List<CatalogError> errors)
    {
        var at = new SourceLocation(type.FullName ?? type.Name, 0, 0);
        if (!Lake.Core.Catalog.CatalogNames.IsValid(p.Name)) errors.Add(new CatalogError(at, null, null, null, $"'{p.Name}' is not a valid projection name", "use lower snake_case"));
        foreach (var t in p.EventTypes)
        {
            if (!pipeline.Catalog.TryGetType(t, out var schema) || schema.Becomes is not null)
                errors.Add(new CatalogError(at, t, null, null, $"projection '{p.Name}' reads '{t}', which is not a curated event type of the catalog", "use one of: " + string.Join(", ", pipeline.Catalog.CuratedTypes.Select(c => c.Name))));
        }
        foreach (var c in p.Columns.Where(c => !ColumnValues.IsSupported(c.Type)))
            errors.Add(new CatalogError(at, null, null, c.Name, $"column '{c.Name}' has type {c.Type}; projection columns are primitive", "use string, bool, int32, int64, double, decimal(p,s), timestamp, date or enum"));
    }

    private static string Fingerprint(PipelineDefinition pipeline, string kind, IEnumerable<string> definition)
    {
        var sb = new StringBuilder().Append(EngineVersion).Append('\n').Append(pipeline.Catalog.Fingerprint).Append('\n').Append(kind).Append('\n');
        foreach (var d in definition) sb.Append(d.Replace("\r\n", "\n", StringComparison.Ordinal)).Append('\0');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}
