using WvsMesh.ServiceDefaults;
using WvsMesh.ServiceDefaults.Bus;
using WvsMesh.ServiceDefaults.Data;
using WvsMesh.Webhooks;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPostgres(WebhooksModule.Database);
builder.AddBus(bus => bus.AddWebhooksConsumers());
builder.AddWebhooks();
var app = builder.Build();
app.MapDefaultEndpoints();
app.MapWebhooks();
app.Run();
