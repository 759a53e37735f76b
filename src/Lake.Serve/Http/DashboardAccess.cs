namespace Lake.Serve.Http;

/// <summary>Who may use the dashboard: open on loopback, basic auth elsewhere when credentials are configured, else read-only for local clients only.</summary>
public enum DashboardAccess
{
    /// <summary>Bound to loopback only: whoever can connect is on this machine.</summary>
    Open,
    /// <summary>Bound beyond loopback with credentials: every request needs them (HTTP basic auth).</summary>
    Credentials,
    /// <summary>Bound beyond loopback without credentials: remote clients are refused, local ones see it read-only.</summary>
    LocalReadOnly,
}
