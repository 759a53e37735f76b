using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Lake.Serve.Http;

/// <summary>Applies <see cref="DashboardAccess"/> to requests under /hangfire before Hangfire sees them.</summary>
public sealed class DashboardGate
{
    private readonly byte[]? _user;
    private readonly byte[]? _password;

    public DashboardGate(IEnumerable<string> urls, string? user, string? password)
    {
        var hasCredentials = !string.IsNullOrEmpty(user) && !string.IsNullOrEmpty(password);
        Access = BindAddresses.AllLoopback(urls) ? DashboardAccess.Open : hasCredentials ? DashboardAccess.Credentials : DashboardAccess.LocalReadOnly;
        if (hasCredentials)
        {
            _user = Encoding.UTF8.GetBytes(user!);
            _password = Encoding.UTF8.GetBytes(password!);
        }
    }

    public DashboardAccess Access { get; }

    /// <summary>The status to answer with, or null when the request may go on to the dashboard.</summary>
    public int? Refuse(IPAddress? remote, string? authorization) => Access switch
    {
        DashboardAccess.Open => null,
        DashboardAccess.Credentials => Authenticated(authorization) ? null : StatusCodes.Status401Unauthorized,
        _ => remote is not null && IPAddress.IsLoopback(remote) ? null : StatusCodes.Status403Forbidden,
    };

    /// <summary>The dashboard's buttons (retry, delete, trigger) are off when nobody is authenticated on a non-loopback bind.</summary>
    public bool ReadOnly => Access == DashboardAccess.LocalReadOnly;

    private bool Authenticated(string? header)
    {
        if (_user is null || _password is null || header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        byte[] decoded;
        try { decoded = Convert.FromBase64String(header["Basic ".Length..].Trim()); }
        catch (FormatException) { return false; }
        var colon = Array.IndexOf(decoded, (byte)':');
        if (colon < 0) return false;
        // Constant-time comparisons: the response time must not tell how much of a guess was right.
        var userOk = CryptographicOperations.FixedTimeEquals(decoded.AsSpan(0, colon), _user);
        var passwordOk = CryptographicOperations.FixedTimeEquals(decoded.AsSpan(colon + 1), _password);
        return userOk & passwordOk;
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (Refuse(context.Connection.RemoteIpAddress, context.Request.Headers.Authorization) is { } status)
        {
            context.Response.StatusCode = status;
            if (status == StatusCodes.Status401Unauthorized) context.Response.Headers.WWWAuthenticate = "Basic realm=\"lake\", charset=\"UTF-8\"";
            else await context.Response.WriteAsync("the dashboard is bound beyond loopback without credentials: configure --dashboard-user and --dashboard-password\n");
            return;
        }
        await next(context);
    }
}
