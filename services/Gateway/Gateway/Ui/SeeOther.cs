using Microsoft.AspNetCore.Http;

namespace WvsMesh.Gateway.Ui;

/// <summary>303 See Other: after a form post the browser follows with a GET (TypedResults.Redirect only offers 301/302/307/308).</summary>
internal sealed class SeeOther(string location) : IResult, IStatusCodeHttpResult
{
    public string Location { get; } = location;

    public int? StatusCode => StatusCodes.Status303SeeOther;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        httpContext.Response.Headers.Location = Location;
        return Task.CompletedTask;
    }
}
