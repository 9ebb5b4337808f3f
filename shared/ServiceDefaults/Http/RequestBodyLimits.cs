using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;

namespace WvsMesh.ServiceDefaults.Http;

/// <summary>
/// Per-route request body limits (#13). Every route is held to <see cref="DefaultBytes"/> by Kestrel unless it names its
/// own with <see cref="WithBodyLimit{TBuilder}"/>, which routing applies before anything reads the body. Beyond the
/// limit the request fails as it is read and answers 413 <c>{"message":"413 Request Entity Too Large"}</c>.
/// </summary>
public static class RequestBodyLimits
{
    /// <summary>The limit of routes that name none: 1 MiB, far above any management body.</summary>
    public const long DefaultBytes = 1024 * 1024;

    /// <summary>Holds the endpoints of <paramref name="builder"/> to <paramref name="maxBytes"/> of request body.</summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long maxBytes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(maxBytes));

    private sealed record BodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
