using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace WvsMesh.ServiceDefaults.Http;

/// <summary>
/// Every endpoint that takes <see cref="GitLabParameters"/> answers 400 when its body is malformed (an unreadable form,
/// JSON that is not an object, a repeated key, a lone surrogate, NUL), before the handler runs (#13): a handler need not
/// remember to check, and none can read such a body as "no parameters" and answer 200 having changed nothing.
/// </summary>
public static class MalformedBodies
{
    /// <summary>Applies the refusal to every endpoint of <paramref name="group"/> whose handler binds <see cref="GitLabParameters"/>.</summary>
    public static RouteGroupBuilder RefuseMalformedBodies(this RouteGroupBuilder group) =>
        group.AddEndpointFilterFactory((factory, next) =>
        {
            if (!factory.MethodInfo.GetParameters().Any(parameter => parameter.ParameterType == typeof(GitLabParameters)))
            {
                return next;
            }
            return async context =>
                context.Arguments.Any(argument => argument is GitLabParameters { Malformed: true }) ? GitLabErrors.MalformedBody() : await next(context);
        });
}
