using WvsMesh.ServiceDefaults;
using WvsMesh.ServiceDefaults.Bus;
using WvsMesh.ServiceDefaults.Data;
using WvsMesh.Tokens;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPostgres(TokensModule.Database);
builder.AddBus(bus => bus.AddTokensConsumers());
builder.AddTokens();
var app = builder.Build();
app.MapDefaultEndpoints();
app.MapTokens();
app.Run();
