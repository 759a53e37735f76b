using System.Diagnostics;
using Lake.Projections.Reading;
using Lake.Projections.Snapshots;
using Lake.Storage;

namespace Lake.Projections.Rebuild;

/// <summary>
/// Rebuilds a projection as of an event time and a known-at time from a lake: from the best provably equivalent checkpoint (see
/// <see cref="CheckpointStore"/>) or from nothing, folding the remaining events day by day in fold order.
/// </summary>
public sealed class ProjectionRebuilder(ILakeStore store, LoadedProjection projection)
{
    public ILakeStore Store { get; } = store;
    public LoadedProjection Projection { get; } = projection;

    public async Task<RebuildResult> RebuildAsync(RebuildRequest request, IProgress<RebuildProgress>? progress = null, CancellationToken ct = default)
    {
        if (request.AsOf.Kind != DateTimeKind.Utc || request.KnownAt is { Kind: not DateTimeKind.Utc }) throw new ArgumentException("as-of and known-at must be UTC times", nameof(request));
        var sw = Stopwatch.StartNew();
        var p = Projection.Projection;
        var reader = new LakeEventReader(Store);
        var files = await reader.CommittedFilesAsync(p.EventTypes, ct).ConfigureAwait(false);
        var covered = files.Where(f => f.Dt <= DateOnly.FromDateTime(request.AsOf)).Select(f => f.Key).Order(StringComparer.Ordinal).ToList();

        ProjectionState state;
        Checkpoint? start = null;
        if (request.UseCheckpoints && await new CheckpointStore(Store).FindReusableAsync(Projection, files, request, ct).ConfigureAwait(false) is { } found)
        {
            (start, state) = found;
        }
        else
        {
            state = new ProjectionState(p);
        }

        var window = new TimeWindow(start?.AsOf, request.AsOf, request.KnownAt);
        var days = files.Where(f => f.Dt >= window.FirstDay && f.Dt <= window.LastDay).Select(f => f.Dt).Distinct().Count();
        var e = new ProjectionEvent();
        long applied = 0, read = 0;
        var maxRecorded = start?.MaxRecordedAt?.Ticks ?? long.MinValue;
        var done = 0;
        await foreach (var day in reader.ReadDaysAsync(files, window, p.FieldsOf, ct).ConfigureAwait(false))
        {
            using (day)
            {
                var chunks = day.Chunks;
                foreach (var entry in day.Entries)
                {
                    e.MoveTo(chunks[entry.Chunk], entry.Row);
                    p.Apply(e, state);
                    if (entry.Recorded > maxRecorded) maxRecorded = entry.Recorded;
                }
                applied += day.Entries.Length;
                read += day.Read;
                done++;
                progress?.Report(new RebuildProgress(day.Dt, done, days, read, applied + (start?.EventsApplied ?? 0), state.Count));
            }
        }
        return new RebuildResult
        {
            Projection = Projection,
            Request = request,
            State = state,
            EventsApplied = applied + (start?.EventsApplied ?? 0),
            EventsRead = read,
            MaxRecordedAt = maxRecorded == long.MinValue ? null : new DateTime(maxRecorded, DateTimeKind.Utc),
            Files = covered,
            StartedFrom = start,
            DaysRead = done,
            Elapsed = sw.Elapsed,
        };
    }
}
