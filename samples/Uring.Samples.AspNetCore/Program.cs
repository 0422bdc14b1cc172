using System;
using System.Linq;
using System.Net;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Uring.AspNetCore;
using Uring.Samples.Shared;

// TechEmpower's plaintext and JSON shapes as a minimal API app, on either transport:
//   dotnet run -c Release --project samples/Uring.Samples.AspNetCore -- --transport uring    # or sockets (Kestrel's default)
//   curl -i http://127.0.0.1:8080/plaintext ; curl -i http://127.0.0.1:8080/json
// Options: --port P (8080; 0 = any free port), --loops N (uring: event loops, 0 = the transport's default), --inline (application
// code on the loop, or inline on the socket transport's I/O threads: UnsafePreferInlineScheduling), --strict (fail instead
// of falling back), --idle-spin-us N (uring: the loops' MaxIdleSpin, 0 = no spin), --check (answer 1,000 keep-alive and 64 pipelined requests of each shape from this process, check every
// response byte for byte, exit non-zero on any difference; CI runs it).
CommandLine command = new(args);
string transport = command.String("--transport", "uring");
bool check = command.Flag("--check");
int port = command.Int("--port", check ? 0 : 8080);
int loops = command.Int("--loops", 0);
bool inline = command.Flag("--inline");
bool strict = command.Flag("--strict");
int idleSpinMicroseconds = command.Int("--idle-spin-us", -1);
command.RejectUnknown();

WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
switch (transport)
{
    case "uring":
        builder.WebHost.UseUring(options =>       // the one line that moves Kestrel onto io_uring
        {
            options.LoopCount = loops;
            options.UnsafePreferInlineScheduling = inline;
            options.Strict = strict;
            options.MaxIdleSpin = idleSpinMicroseconds < 0 ? null : TimeSpan.FromMicroseconds(idleSpinMicroseconds);
        });
        break;
    case "sockets":
        builder.WebHost.UseSockets(options => options.UnsafePreferInlineScheduling = inline);
        break;
    default:
        Console.Error.WriteLine($"--transport must be uring or sockets, not '{transport}'.");
        return 2;
}

builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, port));
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, SampleJsonContext.Default));

WebApplication app = builder.Build();
byte[] helloWorld = "Hello, World!"u8.ToArray();
app.MapGet("/plaintext", () => Results.Bytes(helloWorld, "text/plain"));
app.MapGet("/json", () => new JsonMessage("Hello, World!"));

await app.StartAsync();
UringTransportFactory? uring = app.Services.GetService<UringTransportFactory>();
string on = uring is null ? "Kestrel's socket transport" : uring.Loops is { } group ? $"io_uring, {group.Count} event loops" : "the socket transport (io_uring unavailable)";
string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
if (check)
{
    int failures = await SelfCheck.RunAsync(new Uri(address));
    Console.WriteLine($"{(failures == 0 ? "check passed" : $"check FAILED ({failures} wrong responses)")} on {on}{(inline ? ", inline scheduling" : string.Empty)}");
    await app.StopAsync();
    return failures == 0 ? 0 : 1;
}

Console.WriteLine($"Listening on {address}/ ({on}{(inline ? ", inline scheduling" : string.Empty)}); Ctrl+C stops.");
await app.WaitForShutdownAsync();
return 0;

/// <summary>TechEmpower's JSON message.</summary>
/// <param name="message">The message.</param>
internal sealed record JsonMessage([property: JsonPropertyName("message")] string Message);

/// <summary>Source-generated serialization for <see cref="JsonMessage"/> (no reflection per request).</summary>
[JsonSerializable(typeof(JsonMessage))]
internal sealed partial class SampleJsonContext : JsonSerializerContext;
