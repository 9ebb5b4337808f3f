using Microsoft.AspNetCore.Http;
using WvsMesh.ServiceDefaults.Identity;

namespace WvsMesh.Gateway.Ui;

/// <summary>The session cookie's user as Tokens knows them now; set by the edge for pages and cookie-authenticated API calls.</summary>
internal sealed record SignedInCaller(Session Session, CallerIdentity Caller)
{
    public static SignedInCaller? Of(HttpContext context) => context.Items[typeof(SignedInCaller)] as SignedInCaller;

    public void Attach(HttpContext context) => context.Items[typeof(SignedInCaller)] = this;
}
