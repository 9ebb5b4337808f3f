using Microsoft.Extensions.DependencyInjection;
using WvsMesh.Gateway.Ui;
using WvsMesh.ServiceDefaults.Identity;
using Yarp.ReverseProxy.Transforms;

namespace WvsMesh.Gateway.Edge;

/// <summary>
/// An anonymous request's body is sent on to a service only when the service asks for it (<c>Expect: 100-continue</c>,
/// which Kestrel answers when a handler starts reading). A service refuses an unauthenticated call before reading its
/// body; without this, the proxy's HTTP/1.1 client would not pass that 401 on until it had sent the whole body, so a
/// stalled or slow body held the answer until Kestrel's minimum data rate cut it off (#13, finding 6). The trigger
/// endpoints (anonymous by design, the hot path) and authenticated calls forward their bodies at once as before.
/// </summary>
public static class AnonymousBodies
{
    public static IReverseProxyBuilder SendAnonymousBodiesOnRequest(this IReverseProxyBuilder proxy) =>
        proxy.AddTransforms(builder => builder.AddRequestTransform(transform =>
        {
            var request = transform.HttpContext.Request;
            if (transform.ProxyRequest.Content is not null
                && !request.Headers.ContainsKey(SignedIdentity.Header)
                && !SessionScopes.IsTrigger(request.Path))
            {
                transform.ProxyRequest.Headers.ExpectContinue = true;
            }
            return ValueTask.CompletedTask;
        }));
}
