namespace Lake.Ingest;

/// <summary>
/// Brings a lake to its committed state after a crash: committed files still under their staged name are renamed into place
/// (roll forward), and staged files that no commit lists are deleted (they belong to a batch that never committed).
/// </summary>
public static class LakeRecovery
{
    public static (int RolledForward, int Removed) Run(string lakeRoot)
    {
        var rolled = 0;
        foreach (var record in new CommitLog(lakeRoot).ReadAll())
        {
            foreach (var f in record.Files)
            {
                var final = Path.Combine(lakeRoot, f.Path);
                var staged = Path.Combine(lakeRoot, f.StagedAs);
                if (!File.Exists(final) && File.Exists(staged))
                {
                    File.Move(staged, final);
                    rolled++;
                }
            }
        }
        var removed = 0;
        foreach (var zone in new[] { LakePaths.Events, LakePaths.Raw, LakePaths.Quarantine })
        {
            var dir = Path.Combine(lakeRoot, zone);
            if (!Directory.Exists(dir)) continue;
            foreach (var staged in Directory.EnumerateFiles(dir, "*" + LakePaths.InProgressSuffix, SearchOption.AllDirectories))
            {
                File.Delete(staged);
                removed++;
            }
        }
        return (rolled, removed);
    }
}
