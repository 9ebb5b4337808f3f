namespace WvsMesh.Gateway.Ui;

/// <summary>A verified browser session: whose it is, its random id and when it ends.</summary>
internal sealed record Session(long UserId, string Id, DateTimeOffset Expires);
