using System.Diagnostics;
using System.Globalization;
using System.Text;
using Lake.Core.Schema;
using Lake.Core.Upcasting;
using Lake.Pipelines;
using static Lake.Tests.Upcasting.LatestShortcutTests;

namespace Lake.Tests.Upcasting;

/// <summary>
/// Randomized differential test of the decoder's shortcuts (latest-version reads and older-version plans) against the general
/// path: random small catalogs (2-4 versions, every field type, every declarative step kind with nested and list paths), many
/// random events per version, results compared bit for bit. Divergences and exceptions are collected, minimized (the event
/// only) and written to <c>$LAKE_FUZZ_REPORT</c> (default: the temp dir's lake-shortcut-fuzz.txt).
/// </summary>
/// <remarks>
/// Written by a review helper, which found six divergences with it (all regression tests now). In <c>make test</c> it runs a
/// fixed number of catalogs (deterministic); for a longer hunt: LAKE_FUZZ_SEED (default 1), LAKE_FUZZ_CATALOGS (default
/// 1500), LAKE_FUZZ_SECONDS (a time budget instead), LAKE_FUZZ_EVENTS (per version, default 200).
/// </remarks>
public sealed class ShortcutFuzzTests
{
    private static int Env(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var v) ? v : fallback;

    [Fact]
    public void Random_catalogs_and_events_give_the_general_paths_result()
    {
        var seed = Env("LAKE_FUZZ_SEED", 1);
        var seconds = Env("LAKE_FUZZ_SECONDS", 0);
        var count = Env("LAKE_FUZZ_CATALOGS", 1500);
        var eventsPerVersion = Env("LAKE_FUZZ_EVENTS", 200);
        var report = new StringBuilder();
        var signatures = new Dictionary<string, int>();
        var loadErrors = new Dictionary<string, int>();
        int catalogs = 0, skipped = 0, events = 0, shortcut = 0, olderShortcut = 0, olderEvents = 0, divergences = 0, crashes = 0, quarantined = 0;
        var clock = Stopwatch.StartNew();
        var dir = Path.Combine(Path.GetTempPath(), "lake-shortcut-fuzz", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "events"));
        File.WriteAllText(Path.Combine(dir, "pipeline.yaml"), "name: fuzz\n");
        try
        {
            for (var n = 0; seconds > 0 ? clock.Elapsed.TotalSeconds < seconds : n < count; n++)
            {
                var rng = new Random(unchecked(seed * 1_000_003 + n));
                var gen = new CatalogGen(rng);
                var yaml = gen.Generate();
                File.WriteAllText(Path.Combine(dir, "events", "t.yaml"), yaml);
                Upcaster u;
                try
                {
                    u = new Upcaster(PipelineLoader.Load(dir).Catalog);
                }
                catch (CatalogException e)
                {
                    foreach (var err in e.Errors.Take(1))
                    {
                        var k = Signature(err.ToString().Split("': ", 2).Last());
                        loadErrors[k] = loadErrors.GetValueOrDefault(k) + 1;
                    }
                    skipped++;
                    continue;
                }
                catalogs++;
                var latest = gen.Versions.Count;
                for (var v = 1; v <= latest; v++)
                {
                    var eg = new EventGen(rng, gen.Pool);
                    for (var k = 0; k < eventsPerVersion; k++)
                    {
                        eg.Clean = rng.Next(2) == 0;
                        var data = eg.Object(gen.Versions[v - 1], 0);
                        var agg = rng.Next(4) == 0 ? "x" : "agg-1";
                        events++;
                        if (v < latest) olderEvents++;
                        var outcome = Check(u, v, data, agg, out var message, out var took, out var q);
                        if (took) { shortcut++; if (v < latest) olderShortcut++; }
                        if (q) quarantined++;
                        if (outcome == Outcome.Same) continue;
                        if (outcome == Outcome.Crash) crashes++; else divergences++;
                        var sig = Signature(message);
                        signatures[sig] = signatures.GetValueOrDefault(sig) + 1;
                        if (signatures[sig] > 2) continue;
                        var min = Minimize(u, v, data, agg);
                        Check(u, v, min, agg, out var minMessage, out _, out _);
                        report.AppendLine($"=== {outcome} (catalog #{n}, seed {seed}, version {v}/{latest})");
                        report.AppendLine(minMessage);
                        var line = Line(v, min, agg);
                        report.AppendLine("event: " + Encoding.UTF8.GetString(line));
                        report.AppendLine("general:  " + Safe(() => Describe(General(u, line))));
                        report.AppendLine("process:  " + Safe(() => Describe(u.Process(line))));
                        report.AppendLine("catalog:\n" + yaml);
                    }
                }
            }
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
        var summary = $"seed {seed}: {catalogs} catalogs ({skipped} failed to load and were skipped), {events} events ({quarantined} quarantined by the general path), " +
            $"{shortcut} took a shortcut ({olderShortcut} of {olderEvents} older-version events), {divergences} divergences, {crashes} crashes in {clock.Elapsed.TotalSeconds:F0}s\n" +
            string.Join("\n", signatures.OrderByDescending(kv => kv.Value).Select(kv => $"  {kv.Value,6} x {kv.Key}"));
        var path = Environment.GetEnvironmentVariable("LAKE_FUZZ_REPORT") ?? Path.Combine(Path.GetTempPath(), "lake-shortcut-fuzz.txt");
        File.WriteAllText(path, summary + "\n\nload errors:\n" + string.Join("\n", loadErrors.OrderByDescending(kv => kv.Value).Take(15).Select(kv => $"  {kv.Value,6} x {kv.Key}")) + "\n\n" + report);
        TestContext.Current.SendDiagnosticMessage(summary);
        Assert.True(olderShortcut > 0, "the older-version shortcut was never taken: " + summary);
        Assert.True(divergences + crashes == 0, summary + "\nsee " + path);
    }

    private enum Outcome { Same, Diverged, Crash }

    private static byte[] Line(int version, JNode data, string agg) =>
        Encoding.UTF8.GetBytes($$"""{"metadata":{"id":"e-1","type":"t","version":{{version}},"occurred_at":"2026-11-20T10:15:00Z","producer":"p","aggregate_id":"{{agg}}"},"data":{{data}}}""");

    private static Outcome Check(Upcaster u, int version, JNode data, string agg, out string message, out bool shortcut, out bool quarantined)
    {
        var line = Line(version, data, agg);
        message = "";
        shortcut = false;
        quarantined = false;
        UpcastResult expected, actual;
        try { expected = General(u, line); }
        catch (Exception e) { message = "general path threw " + e.GetType().Name + ": " + e.Message + "\n" + e.StackTrace; return Outcome.Crash; }
        quarantined = expected.IsQuarantined;
        try
        {
            shortcut = u.Decode(line).Envelope is { Data: null };
            actual = u.Process(line);
        }
        catch (Exception e) { message = "Process threw " + e.GetType().Name + ": " + e.Message + "\n" + e.StackTrace; return Outcome.Crash; }
        try { AssertSame(expected, actual, ""); }
        catch (Exception e) { message = (shortcut ? "[shortcut] " : "[no shortcut] ") + e.Message; return Outcome.Diverged; }
        return Outcome.Same;
    }

    private static string Signature(string message)
    {
        var first = message.Split('\n')[0];
        var sb = new StringBuilder();
        var inQuote = false;
        foreach (var c in first)
        {
            if (c == '\'') { inQuote = !inQuote; sb.Append(c); continue; }
            if (inQuote || char.IsDigit(c)) continue;
            sb.Append(c);
        }
        var s = sb.ToString();
        return s.Length > 160 ? s[..160] : s;
    }

    /// <summary>Removes members and elements, and nulls values, while the event still does not give the same result.</summary>
    private static JNode Minimize(Upcaster u, int version, JNode data, string agg)
    {
        bool Fails(JNode d) => Check(u, version, d, agg, out _, out _, out _) != Outcome.Same;
        var current = data;
        for (var round = 0; round < 4; round++)
        {
            var changed = false;
            foreach (var candidate in current.Shrinks())
            {
                if (Fails(candidate)) { current = candidate; changed = true; break; }
            }
            if (!changed) break;
            round = -1; // keep shrinking until no candidate fails
            if ((current.ToString() ?? "").Length < 3) break;
        }
        return current;
    }

    private static string Safe(Func<string> f)
    {
        try { return f(); } catch (Exception e) { return "threw " + e.GetType().Name + ": " + e.Message; }
    }

    private static string Describe(UpcastResult r)
    {
        if (r.Error is { } e) return $"quarantined {e.Reason}: {e.Message}" + (r.UnknownFields is { Count: > 0 } uf ? $" unknown [{string.Join(",", uf)}]" : "");
        return string.Join(" | ", r.Events.Select(ev => ev.Type.Name + " " + Values(ev.Values)))
            + (r.UnknownFields is { Count: > 0 } u ? $" unknown [{string.Join(",", u)}]" : "");
    }

    private static string Values(object?[] values) => "[" + string.Join(", ", values.Select(v => v switch
    {
        null => "null",
        object?[] a => Values(a),
        decimal d => d.ToString(CultureInfo.InvariantCulture) + "m",
        double d => d.ToString("R", CultureInfo.InvariantCulture) + "d",
        DateTime t => t.ToString("O"),
        string s => "\"" + s + "\"",
        _ => $"{v}:{v.GetType().Name}",
    })) + "]";

    // ---------------------------------------------------------------- JSON with duplicate keys

    internal abstract class JNode
    {
        public abstract IEnumerable<JNode> Shrinks();
    }

    internal sealed class JRaw(string text) : JNode
    {
        public string Text { get; } = text;
        public override string ToString() => Text;
        public override IEnumerable<JNode> Shrinks() { if (Text != "null") yield return new JRaw("null"); }
    }

    internal sealed class JArr(List<JNode> items) : JNode
    {
        public List<JNode> Items { get; } = items;
        public override string ToString() => "[" + string.Join(",", Items) + "]";
        public override IEnumerable<JNode> Shrinks()
        {
            yield return new JRaw("null");
            for (var i = 0; i < Items.Count; i++) yield return new JArr([.. Items.Take(i), .. Items.Skip(i + 1)]);
            for (var i = 0; i < Items.Count; i++)
                foreach (var s in Items[i].Shrinks()) yield return new JArr([.. Items.Take(i), s, .. Items.Skip(i + 1)]);
        }
    }

    internal sealed class JObj(List<(string Key, JNode Value)> members) : JNode
    {
        public List<(string Key, JNode Value)> Members { get; } = members;
        public override string ToString() => "{" + string.Join(",", Members.Select(m => "\"" + m.Key + "\":" + m.Value)) + "}";
        public override IEnumerable<JNode> Shrinks()
        {
            for (var i = 0; i < Members.Count; i++) yield return new JObj([.. Members.Take(i), .. Members.Skip(i + 1)]);
            for (var i = 0; i < Members.Count; i++)
                foreach (var s in Members[i].Value.Shrinks()) yield return new JObj([.. Members.Take(i), (Members[i].Key, s), .. Members.Skip(i + 1)]);
        }
    }

    // ---------------------------------------------------------------- catalog model

    internal sealed class FType
    {
        public string Kind = "string"; // string int32 int64 double decimal bool timestamp enum struct list
        public int P = 18, S = 2;
        public string[] Values = [];
        public List<FField> Fields = [];
        public FType? Elem;

        public bool IsPrimitive => Kind is not ("struct" or "list");

        public FType Clone() => new() { Kind = Kind, P = P, S = S, Values = Values, Fields = Fields.Select(f => f.Clone()).ToList(), Elem = Elem?.Clone() };

        public string Expr() => Kind switch
        {
            "decimal" => $"\"decimal({P},{S})\"",
            "enum" => $"\"enum({string.Join("|", Values)})\"",
            _ => Kind,
        };
    }

    internal sealed class FField
    {
        public string Name = "";
        public FType Type = new();
        public bool Required;
        public string? Default;
        public string[]? NullIf;

        public FField Clone() => new() { Name = Name, Type = Type.Clone(), Required = Required, Default = Default, NullIf = NullIf };
    }

    /// <summary>A field at some path in a version's model: its path text, the list holding it, and whether its path crosses a list.</summary>
    private sealed record Located(string Path, List<FField> Parent, FField Field, bool EachElement);

    private sealed class CatalogGen(Random rng)
    {
        private static readonly string[] Names = ["a", "b", "c", "d", "e", "g", "h", "k", "m", "n", "p", "q"];
        private static readonly string[] Primitives = ["string", "int32", "int64", "double", "decimal", "bool", "timestamp", "enum"];
        private static readonly string[] EnumWords = ["new", "active", "closed", "x", "A", "N", "1", "true"];

        public readonly List<List<FField>> Versions = [];
        public readonly List<string> Pool = [];
        private readonly StringBuilder _yaml = new();

        private T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];
        private bool Chance(double p) => rng.NextDouble() < p;

        private string FreshName(List<FField> siblings)
        {
            for (var i = 0; i < 20; i++)
            {
                var name = Pick(Names);
                if (siblings.All(f => f.Name != name)) return name;
            }
            return "z" + rng.Next(1000);
        }

        private FType Primitive(string? kind = null)
        {
            var t = new FType { Kind = kind ?? Pick(Primitives) };
            if (t.Kind == "decimal") { t.P = rng.Next(1, 20); t.S = rng.Next(0, Math.Min(t.P, 5) + 1); }
            if (t.Kind == "enum") { t.Values = EnumWords.OrderBy(_ => rng.Next()).Take(rng.Next(1, 4)).ToArray(); Pool.AddRange(t.Values); }
            return t;
        }

        private FType Type(int depth)
        {
            var r = rng.Next(100);
            if (depth < 2 && r < 15) return new FType { Kind = "struct", Fields = Fields(depth + 1, rng.Next(1, 4)) };
            if (depth < 2 && r < 22) return new FType { Kind = "list", Elem = Primitive() };
            if (depth < 2 && r < 30) return new FType { Kind = "list", Elem = new FType { Kind = "struct", Fields = Fields(depth + 1, rng.Next(1, 4)) } };
            return Primitive();
        }

        private List<FField> Fields(int depth, int count)
        {
            var list = new List<FField>();
            for (var i = 0; i < count; i++)
            {
                var f = new FField { Name = FreshName(list), Type = Type(depth) };
                if (Chance(0.2)) f.Required = true;
                if (f.Type.IsPrimitive && Chance(0.2)) f.Default = DefaultFor(f.Type);
                list.Add(f);
            }
            return list;
        }

        private string DefaultFor(FType t) => t.Kind switch
        {
            "string" => Pick(new[] { "USD", "\"\"", "none", "\"7\"" }),
            "int32" => Pick(new[] { "7", "0", "-1" }),
            "int64" => Pick(new[] { "7", "1700000000000" }),
            "double" => Pick(new[] { "2.5", "0", "-0.0" }),
            "decimal" => t.S > 0 && t.P > t.S ? Pick(new[] { "0", "0.5", "1.0" }) : "0",
            "bool" => Pick(new[] { "false", "true" }),
            "timestamp" => "\"2026-01-01T00:00:00Z\"",
            "enum" => "\"" + t.Values[0] + "\"",
            _ => "x",
        };

        /// <summary>A YAML scalar for add and map values: mostly plausible, sometimes of another type.</summary>
        private string Scalar() => Pick(new[] { "web", "\"7\"", "7", "12.5", "true", "false", "\"2026-01-01T00:00:00Z\"", "null", "\"\"", "active", "-3", "1700000000" });

        private List<Located> Paths(List<FField> fields, string prefix = "", bool each = false)
        {
            var result = new List<Located>();
            foreach (var f in fields)
            {
                var path = prefix + f.Name;
                result.Add(new Located(path, fields, f, each));
                if (f.Type.Kind == "struct") result.AddRange(Paths(f.Type.Fields, path + ".", each));
                if (f.Type.Kind == "list" && f.Type.Elem!.Kind == "struct") result.AddRange(Paths(f.Type.Elem.Fields, path + "[].", true));
            }
            return result;
        }

        private string Q(string path) => path.Contains('[') ? "\"" + path + "\"" : path;

        public string Generate()
        {
            var versionCount = rng.Next(2, 5);
            var current = Fields(0, rng.Next(2, 6));
            Versions.Add(current);
            _yaml.AppendLine("versions:");
            var stepsText = new List<string>[versionCount + 1];
            for (var v = 2; v <= versionCount; v++)
            {
                var next = current.Select(f => f.Clone()).ToList();
                var steps = new List<string>();
                _prev = Paths(current).Select(p => p.Path).ToHashSet();
                _touched.Clear();
                var count = rng.Next(1, 6);
                for (var s = 0; s < count; s++)
                {
                    var step = Step(next, v == versionCount);
                    if (step is not null) steps.Add(step);
                }
                Tweak(next, v == versionCount, 0);
                stepsText[v] = steps;
                Versions.Add(next);
                current = next;
            }
            // null_if: at the latest version (any depth), rarely at an older one (top level).
            NullIfs(Versions[^1], 0.25);
            for (var v = 0; v < Versions.Count - 1; v++) if (Chance(0.05)) NullIfs(Versions[v], 0.3, nested: false);
            for (var v = 1; v <= versionCount; v++)
            {
                _yaml.AppendLine($"  {v}:");
                if (v > 1 && stepsText[v].Count > 0)
                {
                    _yaml.AppendLine("    upcast:");
                    foreach (var s in stepsText[v]) _yaml.AppendLine("      - " + s);
                }
                _yaml.AppendLine("    fields:");
                if (Versions[v - 1].Count == 0) _yaml.AppendLine("      {}");
                Emit(Versions[v - 1], 6);
            }
            return _yaml.ToString();
        }

        private void NullIfs(List<FField> fields, double p, bool nested = true)
        {
            foreach (var f in fields)
            {
                if (f.Type.IsPrimitive && Chance(p)) f.NullIf = Chance(0.5) ? ["", "n/a"] : [Pick(new[] { "x", "7", "null", "active", "12.5" })];
                if (!nested) continue;
                if (f.Type.Kind == "struct") NullIfs(f.Type.Fields, p);
                if (f.Type.Kind == "list" && f.Type.Elem!.Kind == "struct") NullIfs(f.Type.Elem.Fields, p);
            }
        }

        /// <summary>Declaration changes no step makes: required, defaults, a type change now and then, a new optional field.</summary>
        private void Tweak(List<FField> fields, bool latest, int depth)
        {
            foreach (var f in fields)
            {
                if (Chance(0.1)) f.Required = !f.Required;
                if (f.Type.IsPrimitive && Chance(0.1)) f.Default = f.Default is null ? DefaultFor(f.Type) : null;
                if (f.Type.IsPrimitive && Chance(0.07)) { f.Type = Primitive(); f.Default = null; }
                if (f.Type.Kind == "struct") Tweak(f.Type.Fields, latest, depth + 1);
                if (f.Type.Kind == "list" && f.Type.Elem!.Kind == "struct") Tweak(f.Type.Elem.Fields, latest, depth + 1);
                if (f.Type.Kind == "list" && f.Type.Elem!.IsPrimitive && Chance(0.05)) f.Type.Elem = Primitive();
            }
            if (Chance(0.15)) fields.Add(new FField { Name = FreshName(fields), Type = Type(depth), Default = null });
        }

        private HashSet<string> _prev = [];
        private readonly HashSet<string> _touched = [];
        private static string Root(string path) => path.Split('.', '[')[0];
        private string? Touch(string? step, params string[] names)
        {
            foreach (var n in names) _touched.Add(Root(n));
            return step;
        }

        private string? Step(List<FField> next, bool latest)
        {
            var step = StepCore(next, latest, out var touched);
            return Touch(step, touched);
        }

        private string? StepCore(List<FField> next, bool latest, out string[] touched)
        {
            touched = [];
            var paths = Paths(next).Where(p => _prev.Contains(p.Path) && !_touched.Contains(Root(p.Path))).ToList();
            var r = rng.Next(7);
            switch (r)
            {
                case 0: // add
                {
                    if (Chance(0.7) || paths.Count == 0)
                    {
                        FField f;
                        if (Chance(0.15) && next.Any(x => !_touched.Contains(x.Name))) f = Pick(next.Where(x => !_touched.Contains(x.Name)).ToList()); // an add of a field the event may send
                        else
                        {
                            f = new FField { Name = FreshName(next), Type = Chance(0.1) ? new FType { Kind = "struct", Fields = Fields(1, 1) } : Chance(0.05) ? new FType { Kind = "list", Elem = Primitive() } : Primitive() };
                            if (f.Type.IsPrimitive && Chance(0.4)) f.Default = DefaultFor(f.Type);
                            next.Add(f);
                        }
                        touched = [f.Name];
                        if (Chance(0.3)) return $"add: {f.Name}";
                        var value = f.Type.Kind switch
                        {
                            "struct" => Chance(0.5) || f.Type.Fields.Count == 0 ? "{}" : $"{{ {f.Type.Fields[0].Name}: {Scalar()} }}",
                            "list" => Chance(0.5) ? "[]" : $"[{Scalar()}]",
                            _ => Scalar(),
                        };
                        return $"add: {{ field: {f.Name}, value: {value} }}";
                    }
                    var structs = paths.Where(p => p.Field.Type.Kind == "struct" || p.Field.Type.Kind == "list" && p.Field.Type.Elem!.Kind == "struct").ToList();
                    if (structs.Count == 0) return null;
                    var host = Pick(structs);
                    var inner = host.Field.Type.Kind == "struct" ? host.Field.Type.Fields : host.Field.Type.Elem!.Fields;
                    var nf = new FField { Name = FreshName(inner), Type = Primitive() };
                    if (Chance(0.4)) nf.Default = DefaultFor(nf.Type);
                    if (Chance(0.9)) inner.Add(nf);
                    touched = [host.Path];
                    var hostPath = host.Path + (host.Field.Type.Kind == "list" ? "[]" : "");
                    return Chance(0.3) ? $"add: {Q(hostPath + "." + nf.Name)}" : $"add: {{ field: {Q(hostPath + "." + nf.Name)}, value: {Scalar()} }}";
                }
                case 1: // rename
                {
                    if (paths.Count == 0) return null;
                    var p = Pick(paths);
                    var to = Chance(0.1) ? Pick(Names) : FreshName(p.Parent);
                    var existing = p.Parent.FirstOrDefault(f => f.Name == to);
                    if (existing is not null && existing != p.Field) p.Parent.Remove(p.Field);
                    else p.Field.Name = to;
                    touched = [p.Path, to];
                    return $"rename: {{ from: {Q(p.Path)}, to: {to} }}";
                }
                case 2: // drop
                {
                    if (paths.Count == 0) return null;
                    var p = Pick(paths);
                    p.Parent.Remove(p.Field);
                    touched = [p.Path];
                    return Chance(0.5) ? $"drop: {Q(p.Path)}" : $"drop: {{ field: {Q(p.Path)} }}";
                }
                case 3: // group
                {
                    if (next.Count == 0) return null;
                    var movable = next.Where(f => _prev.Contains(f.Name) && !_touched.Contains(f.Name)).ToList();
                    if (movable.Count == 0) return null;
                    var moved = movable.OrderBy(_ => rng.Next()).Take(rng.Next(1, Math.Min(3, movable.Count) + 1)).ToList();
                    var existingStructs = next.Where(f => f.Type.Kind == "struct" && !moved.Contains(f) && !_touched.Contains(f.Name)).ToList();
                    FField into;
                    if (existingStructs.Count > 0 && Chance(0.35)) into = Pick(existingStructs);
                    else
                    {
                        into = new FField { Name = FreshName(next), Type = new FType { Kind = "struct" } };
                        if (Chance(0.1)) into.Required = true;
                        next.Add(into);
                    }
                    var pairs = new List<(string, string)>();
                    foreach (var m in moved)
                    {
                        var to = Chance(0.5) ? m.Name : FreshName(into.Type.Fields);
                        if (into.Type.Fields.Any(f => f.Name == to)) to = FreshName(into.Type.Fields);
                        next.Remove(m);
                        var copy = m.Clone();
                        copy.Name = to;
                        into.Type.Fields.Add(copy);
                        pairs.Add((m.Name, to));
                    }
                    touched = [.. pairs.Select(p => p.Item1), into.Name];
                    if (pairs.All(p => p.Item1 == p.Item2) && Chance(0.5)) return $"group: {{ into: {into.Name}, fields: [{string.Join(", ", pairs.Select(p => p.Item1))}] }}";
                    return $"group: {{ into: {into.Name}, fields: {{ {string.Join(", ", pairs.Select(p => p.Item1 + ": " + p.Item2))} }} }}";
                }
                case 4: // map
                case 6: // to_minor_units
                {
                    var prims = paths.Where(p => p.Field.Type.IsPrimitive).ToList();
                    if (prims.Count == 0) return null;
                    var p = Pick(prims);
                    string? into = null;
                    if (Chance(0.4)) into = Chance(0.15) && p.Parent.Count > 1 ? Pick(p.Parent.Where(f => f != p.Field).ToList()).Name : FreshName(p.Parent);
                    p.Parent.Remove(p.Field);
                    touched = [p.Path, into ?? p.Path];
                    var target = p.Parent.FirstOrDefault(f => f.Name == (into ?? p.Field.Name));
                    if (target is null) { target = new FField { Name = into ?? p.Field.Name }; p.Parent.Add(target); }
                    if (r == 6)
                    {
                        target.Type = Primitive("int64");
                        target.Default = null;
                        var scale = Chance(0.8) ? "" : $", scale: {Pick(new[] { 0, 2, 3, 18 })}";
                        return $"to_minor_units: {{ field: {Q(p.Path)}{(into is null ? "" : ", into: " + into)}{scale} }}";
                    }
                    var keys = new[] { "\"1\"", "\"2\"", "x", "\"true\"", "\"12.5\"", "A", "N", "active", "\"\"", "\"7\"", "\"-3\"", "web" }.OrderBy(_ => rng.Next()).Take(rng.Next(1, 5));
                    var numeric = Chance(0.3);
                    string MapValue() => numeric ? Pick(new[] { "1", "2", "-5", "12.5" }) : Pick(new[] { "gold", "silver", "\"7\"", "active", "null", "true" });
                    var values = string.Join(", ", keys.Select(k => $"{k}: {MapValue()}"));
                    target.Type = numeric ? Primitive(Pick(new[] { "int32", "int64", "double", "decimal" })) : Chance(0.3) ? new FType { Kind = "enum", Values = ["gold", "silver", "active", "7"] } : Primitive("string");
                    target.Default = null;
                    var otherwise = Chance(0.5) ? $", otherwise: {MapValue()}" : "";
                    return $"map: {{ field: {Q(p.Path)}{(into is null ? "" : ", into: " + into)}, values: {{ {values} }}{otherwise} }}";
                }
                default: // convert
                {
                    var candidates = paths.Where(p => p.Field.Type.IsPrimitive || p.Field.Type.Kind == "list" && p.Field.Type.Elem!.IsPrimitive).ToList();
                    if (candidates.Count == 0) return null;
                    var p = Pick(candidates);
                    var to = Primitive();
                    var extra = "";
                    if (to.Kind == "timestamp" && Chance(0.6)) extra = Chance(0.5) ? ", format: \"dd/MM/yyyy HH:mm\"" : $", epoch: {Pick(new[] { "s", "ms", "us" })}";
                    string path;
                    if (p.Field.Type.Kind == "list") { p.Field.Type.Elem = to; path = p.Path + "[]"; }
                    else { p.Field.Type = to; p.Field.Default = null; path = p.Path; }
                    touched = [p.Path];
                    return $"convert: {{ field: {Q(path)}, to: {to.Expr()}{extra} }}";
                }
            }
        }

        private void Emit(List<FField> fields, int indent)
        {
            var pad = new string(' ', indent);
            foreach (var f in fields)
            {
                var attrs = new List<string>();
                if (f.Required) attrs.Add("required: true");
                if (f.Default is not null) attrs.Add("default: " + f.Default);
                if (f.NullIf is not null) attrs.Add("null_if: [" + string.Join(", ", f.NullIf.Select(s => "\"" + s + "\"")) + "]");
                if (f.Type.IsPrimitive)
                {
                    _yaml.AppendLine($"{pad}{f.Name}: {{ type: {f.Type.Expr()}{string.Concat(attrs.Select(a => ", " + a))} }}");
                    continue;
                }
                _yaml.AppendLine($"{pad}{f.Name}:");
                _yaml.AppendLine($"{pad}  type: {f.Type.Kind}");
                foreach (var a in attrs) _yaml.AppendLine($"{pad}  {a}");
                if (f.Type.Kind == "struct")
                {
                    if (f.Type.Fields.Count == 0) { _yaml.AppendLine($"{pad}  fields: {{}}"); continue; }
                    _yaml.AppendLine($"{pad}  fields:");
                    Emit(f.Type.Fields, indent + 4);
                }
                else if (f.Type.Elem!.IsPrimitive) _yaml.AppendLine($"{pad}  items: {f.Type.Elem.Expr()}");
                else
                {
                    _yaml.AppendLine($"{pad}  items:");
                    _yaml.AppendLine($"{pad}    type: struct");
                    if (f.Type.Elem.Fields.Count == 0) { _yaml.AppendLine($"{pad}    fields: {{}}"); continue; }
                    _yaml.AppendLine($"{pad}    fields:");
                    Emit(f.Type.Elem.Fields, indent + 6);
                }
            }
        }
    }

    // ---------------------------------------------------------------- events

    private sealed class EventGen(Random rng, List<string> pool)
    {
        private static readonly string[] Strings = ["\"x\"", "\"a\"", "\"1\"", "\"2\"", "\"7\"", "\"12.5\"", "\"-0\"", "\"true\"", "\"2026-01-01T00:00:00Z\"",
            "\"01/02/2026 10:30\"", "\"\"", "\"n/a\"", "\"A\"", "\"N\"", "\"active\"", "\"web\"", "\"1700000000000\"", "\"\\u0061ctive\"", "\"caf\u00e9\"", "\"1.5e1\"", "\"null\"", "\"-3\""];
        private static readonly string[] Ints = ["0", "1", "2", "-7", "7", "2147483647", "3000000000", "1.0", "-0", "1700000000", "1700000000000"];
        private static readonly string[] Int64s = ["1700000000000", "0", "-1", "9223372036854775807", "9223372036854775808", "1700000000"];
        private static readonly string[] Doubles = ["1.5", "-0", "0.1", "1e300", "2", "12.345", "-0.0", "1E400", "0.005"];
        private static readonly string[] Decimals = ["\"12.50\"", "12.345", "1.5", "\"0\"", "-0.0", "1e2", "\"1.5e1\"", "0.5", "12345678901234567890", "10000000000000000000000000000", "-12.345", "\"-0\""];
        private static readonly string[] Bools = ["true", "false", "\"true\""];
        private static readonly string[] Timestamps = ["\"2026-11-20T10:15:00Z\"", "\"2026-11-20T10:15:00.1234567+02:00\"", "\"2026-01-01\"", "1700000000", "\"20/11/2026 10:15\""];

        private T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];
        private bool Chance(double p) => rng.NextDouble() < p;

        /// <summary>A clean event: required fields sent, values of the declared JSON type, no strays.</summary>
        public bool Clean;

        private string Primitive(FType t) => Clean ? t.Kind switch
        {
            "string" => Pick(new[] { "\"x\"", "\"12.5\"", "\"7\"", "\"A\"", "\"active\"", "\"2026-01-01T00:00:00Z\"", "\"01/02/2026 10:30\"" }),
            "int32" => Pick(new[] { "0", "1", "2", "-7", "7" }),
            "int64" => Pick(new[] { "1700000000000", "0", "-1", "1700000000" }),
            "double" => Pick(new[] { "1.5", "0.1", "2", "12.345" }),
            "decimal" => Pick(new[] { "0", "1", "\"0\"" }),
            "bool" => Pick(new[] { "true", "false" }),
            "timestamp" => Pick(new[] { "\"2026-11-20T10:15:00Z\"", "\"2026-11-20T10:15:00.1234567+02:00\"" }),
            "enum" => "\"" + Pick(t.Values) + "\"",
            _ => "null",
        } : t.Kind switch
        {
            "string" => Chance(0.15) && pool.Count > 0 ? "\"" + Pick(pool) + "\"" : Pick(Strings),
            "int32" => Pick(Ints),
            "int64" => Pick(Int64s),
            "double" => Pick(Doubles),
            "decimal" => Pick(Decimals),
            "bool" => Pick(Bools),
            "timestamp" => Pick(Timestamps),
            "enum" => Chance(0.8) ? "\"" + Pick(t.Values) + "\"" : Pick(Strings),
            _ => "null",
        };

        private JNode AnyValue(int depth)
        {
            var r = rng.Next(10);
            if (r == 0 && depth < 3) return new JObj([(Pick(new[] { "a", "b", "zz" }), AnyValue(depth + 1))]);
            if (r == 1 && depth < 3) return new JArr([AnyValue(depth + 1)]);
            return new JRaw(Pick(new[] { Pick(Strings), Pick(Ints), Pick(Doubles), Pick(Bools), "null" }));
        }

        public JNode Value(FType t, int depth)
        {
            if (!Clean && Chance(0.08)) return AnyValue(depth); // wrong JSON type, often
            switch (t.Kind)
            {
                case "struct": return Object(t.Fields, depth + 1);
                case "list":
                {
                    var items = new List<JNode>();
                    var n = rng.Next(0, 4);
                    for (var i = 0; i < n; i++) items.Add(Chance(0.1) ? new JRaw("null") : Value(t.Elem!, depth + 1));
                    return new JArr(items);
                }
                default: return new JRaw(Primitive(t));
            }
        }

        public JObj Object(List<FField> fields, int depth)
        {
            var members = new List<(string, JNode)>();
            var mostlyPresent = Chance(0.5);
            foreach (var f in fields)
            {
                var r = rng.NextDouble();
                if (Clean && f.Required) { members.Add((f.Name, Value(f.Type, depth))); continue; }
                if (r < (mostlyPresent ? 0.08 : 0.3)) continue; // absent
                if (r < (mostlyPresent ? 0.12 : 0.4)) { members.Add((f.Name, new JRaw("null"))); continue; }
                members.Add((f.Name, Value(f.Type, depth)));
            }
            if (Clean) return new JObj(members);
            if (Chance(0.06)) members.Insert(rng.Next(members.Count + 1), (Pick(new[] { "zz", "unknown", "q" }), AnyValue(depth)));
            if (members.Count > 0 && Chance(0.04))
            {
                var (key, _) = Pick(members);
                var f = fields.FirstOrDefault(x => x.Name == key);
                members.Insert(rng.Next(members.Count + 1), (key, Chance(0.5) && f is not null ? Value(f.Type, depth) : AnyValue(depth)));
            }
            if (members.Count > 1 && Chance(0.2)) members = members.OrderBy(_ => rng.Next()).ToList();
            return new JObj(members);
        }
    }
}

/// <summary>Minimal reproductions of what the fuzzer found (both: a group into a struct the received version also declares).</summary>
