using WvsMesh.Pipelines;
using WvsMesh.ServiceDefaults;
using WvsMesh.ServiceDefaults.Bus;
using WvsMesh.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPostgres(PipelinesModule.Database);
builder.AddBus(bus => bus.AddPipelinesConsumers());
builder.AddPipelines();
var app = builder.Build();
app.MapDefaultEndpoints();
app.MapPipelines();
app.Run();
