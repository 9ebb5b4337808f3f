using WvsMesh.Gateway;
using WvsMesh.Gateway.Edge;
using WvsMesh.ServiceDefaults;
using WvsMesh.ServiceDefaults.Bus;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddBus(bus => bus.AddGatewayConsumers());
builder.AddGateway();
builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy")).SendAnonymousBodiesOnRequest();
var app = builder.Build();
app.UseGateway();
app.MapDefaultEndpoints();
app.MapReverseProxy(proxy => proxy.Use(ProxyAnswers.InvokeAsync));
app.Run();
