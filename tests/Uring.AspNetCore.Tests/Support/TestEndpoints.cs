using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.IO.Pipelines;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Uring.AspNetCore.Tests.Support;

/// <summary>The endpoints of <see cref="TestApp"/>.</summary>
internal static class TestEndpoints
{
    public static void Map(WebApplication app)
    {
        // "Hello, World!" with a Content-Length, as TechEmpower's plaintext.
        app.MapGet("/plaintext", static (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain";
            context.Response.ContentLength = 13;
            return context.Response.Body.WriteAsync("Hello, World!"u8.ToArray()).AsTask();
        });

        // n deterministic bytes (seed n), written in pieces of up to 64 KiB straight into the response pipe.
        app.MapGet("/bytes/{length:int}", static async (HttpContext context, int length) =>
        {
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = length;
            byte[] payload = Payload.Create(length, length);
            PipeWriter writer = context.Response.BodyWriter;
            for (int offset = 0; offset < length; offset += 65536)
            {
                int size = Math.Min(65536, length - offset);
                payload.AsSpan(offset, size).CopyTo(writer.GetSpan(size));
                writer.Advance(size);
                await writer.FlushAsync();
            }
        });

        // The request body, read to the end first, then sent back (reading and writing at once could fill both ways).
        app.MapPost("/echo", static async (HttpContext context) =>
        {
            using MemoryStream body = new();
            await context.Request.Body.CopyToAsync(body);
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body.GetBuffer().AsMemory(0, (int)body.Length));
        });

        // The connection's id and addresses, as the application sees them.
        app.MapGet("/connection", static (HttpContext context) =>
        {
            ConnectionInfo connection = context.Connection;
            return $"{connection.Id} {connection.LocalIpAddress}:{connection.LocalPort} {connection.RemoteIpAddress}:{connection.RemotePort}";
        });

        // Enters, waits for the test to open the gate, then answers 64 KiB (checked by the test).
        app.MapGet("/wait", static async (HttpContext context) =>
        {
            TestState state = (TestState)context.RequestServices.GetService(typeof(TestState))!;
            state.EnterWait();
            await state.Gate;
            byte[] payload = Payload.Create(65536, 7);
            context.Response.ContentLength = payload.Length;
            await context.Response.Body.WriteAsync(payload);
        });

        // Answers once n requests are inside at the same time: proves they are served concurrently.
        app.MapGet("/barrier/{n:int}", static async (HttpContext context, int n) =>
        {
            TestState state = (TestState)context.RequestServices.GetService(typeof(TestState))!;
            if (state.ArriveAtBarrier() == n)
            {
                state.BarrierReached.TrySetResult();
            }

            await state.BarrierReached.Task.WaitAsync(TimeSpan.FromSeconds(30));
            return "ok";
        });

        // Reads the body to the end and records how that went ("read N" or the exception's type), and whether the request
        // was reported aborted.
        app.MapPost("/drain", static async (HttpContext context) =>
        {
            TestState state = (TestState)context.RequestServices.GetService(typeof(TestState))!;
            state.EnterWait();
            long total = 0;
            try
            {
                byte[] buffer = ArrayPool<byte>.Shared.Rent(65536);
                try
                {
                    int read;
                    while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
                    {
                        total += read;
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                state.Record("read " + total.ToString(CultureInfo.InvariantCulture));
            }
            catch (Exception e)
            {
                // Recorded, not rethrown: an exception escaping the handler is logged as an application error.
                state.Record($"{e.GetType().Name} after {total} bytes, aborted={context.RequestAborted.IsCancellationRequested}");
            }
        });

        // Waits until the client goes away: RequestAborted (Kestrel's reaction to the transport's ConnectionClosed).
        app.MapGet("/until-aborted", static async (HttpContext context) =>
        {
            TestState state = (TestState)context.RequestServices.GetService(typeof(TestState))!;
            state.EnterWait();
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
                state.Record("not aborted");
            }
            catch (OperationCanceledException)
            {
                state.Record("aborted");
            }
        });

        // The server gives up on the connection mid-request.
        app.MapGet("/abort", static (HttpContext context) =>
        {
            context.Abort();
            return Task.CompletedTask;
        });
    }
}
