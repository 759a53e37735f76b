namespace Lake.Benchmarks;

/// <summary>
/// Output folders of measured runs. An old output is moved aside, not deleted, right before a run: on this machine's ext4
/// (no journal) every file created within ~30 s of mass deletions scans the recently freed inodes, which made the Kafka
/// ingest's 23,000 file creations 1.5x slower after deleting the previous run's 23,000 files. What was set aside is deleted
/// when the whole run ends, after every measurement.
/// </summary>
internal static class Scratch
{
    private static readonly string Trash = Path.Combine(Repo.Root, "out", "bench", ".trash");

    /// <summary>Makes <paramref name="folder"/> absent, moving a previous run's content aside.</summary>
    public static void Clear(string folder)
    {
        if (!Directory.Exists(folder)) return;
        Directory.CreateDirectory(Trash);
        Directory.Move(folder, Path.Combine(Trash, $"{Path.GetFileName(folder)}-{Guid.NewGuid():N}"));
    }

    /// <summary>Deletes what runs set aside: once, when nothing is measured any more.</summary>
    public static void Empty()
    {
        if (Directory.Exists(Trash)) Directory.Delete(Trash, recursive: true);
    }
}
