using Lake.S3;
using Lake.Storage;
using Lake.Tests.Cli;

namespace Lake.Tests.S3;

/// <summary>
/// One generated shop history (<c>lake generate --events 20000 --seed 3</c>) ingested with <c>lake ingest</c> into a local folder
/// and into <c>s3://&lt;bucket&gt;/shop</c> on the local S3 server: the pair the lake contract tests compare.
/// </summary>
public sealed class ShopOnBothStores : IDisposable
{
    public ShopOnBothStores(S3Server server)
    {
        Server = server;
        Folder = new TempFolder();
        Input = Folder["shop.ndjson"];
        Pipeline = Repo.Pipeline("shop");
        Check(LakeCli.InProcess("generate", "--pipeline", Pipeline, "--events", "20000", "--seed", "3", "--out", Input));
        LocalLake = Folder["lake"];
        Bucket = server.NewBucket();
        S3Lake = $"s3://{Bucket}/shop";
        LocalIngest = Check(LakeCli.InProcess("ingest", "--pipeline", Pipeline, "--source", "files:" + Input, "--lake", LocalLake));
        S3Ingest = Check(LakeCli.InProcess("ingest", "--pipeline", Pipeline, "--source", "files:" + Input, "--lake", S3Lake));
        S3Store = new S3LakeStore(server.Options(Bucket, "shop"));
        Local = new LocalFolderStore(LocalLake);
    }

    public S3Server Server { get; }
    internal TempFolder Folder { get; }
    public string Input { get; }
    public string Pipeline { get; }
    public string LocalLake { get; }
    public string Bucket { get; }
    public string S3Lake { get; }
    internal LakeCli.Outcome LocalIngest { get; }
    internal LakeCli.Outcome S3Ingest { get; }
    public S3LakeStore S3Store { get; }
    public LocalFolderStore Local { get; }

    private static LakeCli.Outcome Check(LakeCli.Outcome outcome) =>
        outcome.ExitCode == 0 ? outcome : throw new InvalidOperationException($"exit {outcome.ExitCode}\n{outcome.Out}\n{outcome.Err}");

    public void Dispose()
    {
        S3Store.Dispose();
        Folder.Dispose();
    }
}
