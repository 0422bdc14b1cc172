using System;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

// The minimal Kestrel app answering "Hello, World!" (text/plain), for the plaintext comparison in bench/plaintext.sh.
//   dotnet run -c Release --project bench/Uring.Bench.KestrelPlaintext -- [--port 8081]
int index = Array.IndexOf(args, "--port");
int port = index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : 8081;

WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
WebApplication app = builder.Build();
app.MapGet("/plaintext", () => "Hello, World!");
app.MapGet("/{**path}", () => "Hello, World!");
Console.WriteLine($"Kestrel plaintext server on http://127.0.0.1:{port}/");
app.Run($"http://127.0.0.1:{port}");
