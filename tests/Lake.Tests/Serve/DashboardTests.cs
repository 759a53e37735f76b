using System.Net;
using Lake.Serve;
using Lake.Serve.Http;
using Lake.Tests.Kafka;

namespace Lake.Tests.Serve;

/// <summary>The dashboard is open on loopback; bound beyond it, it needs the configured credentials or is read-only for local clients only.</summary>
[Collection(ServeCollection.Name)]
public class DashboardTests
{
    [Fact]
    public async Task On_loopback_the_dashboard_metrics_and_health_answer_200_without_credentials()
    {
        using var history = new KafkaHistory("bank", 10, 88, produce: false);
        await using var host = await ServeHost.StartAsync(history.Pipeline, history.NewLake("lake"));

        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/hangfire/jobs/enqueued")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/healthz")).StatusCode);
        var metrics = await host.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("# TYPE lake_events_in_total counter", await metrics.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bound_to_every_interface_with_credentials_the_dashboard_answers_401_without_them_and_200_with_them()
    {
        using var history = new KafkaHistory("bank", 10, 89, produce: false);
        await using var host = await ServeHost.StartAsync(history.Pipeline, history.NewLake("lake"),
            o => o with { Urls = ["http://0.0.0.0:0"], DashboardUser = "ops", DashboardPassword = "s3cret" });

        var anonymous = await host.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.GetAsync("/hangfire", "ops:wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.GetAsync("/hangfire", "ops:s3cret-longer")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/hangfire", "ops:s3cret")).StatusCode);
        // Metrics and health stay open for scrapers and probes; they carry no job data.
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/metrics")).StatusCode);
        Assert.DoesNotContain(host.Lines, l => l.Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bound_to_every_interface_without_credentials_local_clients_get_a_read_only_dashboard()
    {
        using var history = new KafkaHistory("bank", 10, 90, produce: false);
        await using var host = await ServeHost.StartAsync(history.Pipeline, history.NewLake("lake"), o => o with { Urls = ["http://0.0.0.0:0"] });

        var page = await host.GetAsync("/hangfire/recurring");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        // A writable dashboard offers "Trigger now" on the recurring page; a read-only one does not.
        Assert.DoesNotContain("js-jobs-list-command", html);
    }

    [Fact]
    public void Without_credentials_beyond_loopback_remote_clients_are_refused_and_with_them_every_client_must_authenticate()
    {
        var anyInterface = new[] { "http://0.0.0.0:5080" };
        var open = new DashboardGate(["http://127.0.0.1:5080", "http://[::1]:5080", "http://localhost:5080"], null, null);
        var readOnly = new DashboardGate(anyInterface, null, null);
        var secured = new DashboardGate(anyInterface, "ops", "pw");
        var remote = IPAddress.Parse("10.1.2.3");

        Assert.Equal(DashboardAccess.Open, open.Access);
        Assert.Null(open.Refuse(remote, null));
        Assert.Equal(DashboardAccess.LocalReadOnly, readOnly.Access);
        Assert.True(readOnly.ReadOnly);
        Assert.Equal(403, readOnly.Refuse(remote, null));
        Assert.Null(readOnly.Refuse(IPAddress.Loopback, null));
        Assert.Equal(DashboardAccess.Credentials, secured.Access);
        Assert.False(secured.ReadOnly);
        Assert.Equal(401, secured.Refuse(IPAddress.Loopback, null));
        Assert.Equal(401, secured.Refuse(remote, "Basic " + Convert.ToBase64String("ops:nope"u8.ToArray())));
        Assert.Equal(401, secured.Refuse(remote, "Basic not-base64!"));
        Assert.Null(secured.Refuse(remote, "Basic " + Convert.ToBase64String("ops:pw"u8.ToArray())));
        Assert.False(BindAddresses.IsLoopback("http://*:5080"));
        Assert.False(BindAddresses.IsLoopback("http://192.168.1.4:5080"));
        Assert.True(BindAddresses.IsLoopback("http://127.0.0.2:5080"));
    }
}
