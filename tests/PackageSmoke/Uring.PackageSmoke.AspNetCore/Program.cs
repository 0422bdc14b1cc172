using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Uring;
using Uring.AspNetCore;

// The Uring.AspNetCore package smoke test: a minimal API app moved onto io_uring with UseUring(), serving a GET and a
// 1 MiB POST echo through HttpClient, then stopped with nothing left on the loops.
// Exit codes: 0 = every check passed, 1 = a check failed, 3 = io_uring is unavailable here (the app still served, on
// Kestrel's socket transport; the caller decides whether that is a skip or a failure).
const int Unavailable = 3;

WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUring(options => options.LoopCount = 2);   // the one line
builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));

WebApplication app = builder.Build();
app.MapGet("/", () => "hello from io_uring");
app.MapPost("/echo", static async (HttpContext context) =>
{
    using MemoryStream body = new();
    await context.Request.Body.CopyToAsync(body);
    context.Response.ContentLength = body.Length;
    await context.Response.Body.WriteAsync(body.GetBuffer().AsMemory(0, (int)body.Length));
});

await app.StartAsync();
UringTransportFactory transport = app.Services.GetRequiredService<UringTransportFactory>();
string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
using HttpClient client = new() { BaseAddress = new Uri(address) };

string hello = await client.GetStringAsync("/");
byte[] sent = new byte[1 << 20];
new Random(42).NextBytes(sent);
using HttpResponseMessage echo = await client.PostAsync("/echo", new ByteArrayContent(sent));
byte[] back = await echo.Content.ReadAsByteArrayAsync();

if (transport.Loops is not { } loops)
{
    Console.WriteLine($"io_uring unavailable (served by the socket transport: '{hello}'): {transport.FallbackReason}");
    await app.StopAsync();
    return Unavailable;
}

Console.WriteLine($"kestrel on io_uring: {loops.Count} event loops");
if (hello != "hello from io_uring")
{
    return Fail($"GET / answered '{hello}'");
}

Console.WriteLine($"GET / -> {hello}");
if (!back.AsSpan().SequenceEqual(sent))
{
    return Fail($"POST /echo sent {sent.Length} bytes and got {back.Length} different ones back");
}

Console.WriteLine($"POST /echo -> {back.Length} bytes back intact");

client.Dispose();
await app.StopAsync();
foreach (EventLoop loop in loops.Loops)
{
    EventLoopStatistics statistics = loop.GetStatistics();
    if (statistics.OwnedFileDescriptors != 1 || statistics.OperationsInFlight != 0 || statistics.SourcesOutstanding != 0)
    {
        return Fail($"after stop a loop still holds something: {statistics}");
    }
}

await app.DisposeAsync();
if (loops.Loops.Any(loop => loop.GetStatistics().IsRunning))
{
    return Fail("a loop still runs after the host was disposed");
}

Console.WriteLine("aspnetcore smoke: ok");
return 0;

static int Fail(string message)
{
    Console.WriteLine($"aspnetcore smoke FAILED: {message}");
    return 1;
}
