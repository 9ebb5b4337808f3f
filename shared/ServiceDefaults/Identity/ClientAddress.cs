using Microsoft.AspNetCore.Http;

namespace WvsMesh.ServiceDefaults.Identity;

/// <summary>
/// The caller's network address as the gateway saw it, forwarded in <see cref="Header"/> (a client-sent header of
/// that name is dropped at the gateway, like the signed identity).
/// </summary>
public static class ClientAddress
{
    /// <summary>The request header the gateway sets.</summary>
    public const string Header = "X-Wvs-Client-Address";

    /// <summary>The address the gateway forwarded, else (a request straight to the service) the connection's.</summary>
    public static string? Of(HttpRequest request) =>
        request.Headers[Header].ToString() is { Length: > 0 } forwarded ? forwarded : request.HttpContext.Connection.RemoteIpAddress?.ToString();
}
