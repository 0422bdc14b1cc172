using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Uring.AspNetCore.Tests.Support;
using Xunit;

namespace Uring.AspNetCore.Tests;

/// <summary>Many connections at once, spread over the loops; Kestrel's connection limit on top of the transport.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Two_hundred_fifty_six_connections_are_served_at_the_same_time_spread_evenly_over_the_loops()
    {
        const int Connections = 256;
        await using TestApp app = await TestApp.StartAsync(transport: options => options.Backlog = 1024);
        List<RawHttp> clients = [];
        try
        {
            for (int i = 0; i < Connections; i++)
            {
                clients.Add(await RawHttp.ConnectAsync(app.EndPoint));
            }

            // Every request waits inside the handler until all 256 are inside: served concurrently, not one by one.
            await Task.WhenAll(clients.Select(client => client.SendAsync(RawHttp.Get($"/barrier/{Connections}"))));
            RawResponse[] responses = await Task.WhenAll(clients.Select(client => client.ReadResponseAsync()));
            Assert.All(responses, response => Assert.Equal("ok", response.Text));

            // Round-robin over two loops: 128 connections each, plus each loop's eventfd.
            Assert.All(app.Loops.Loops, loop => Assert.Equal(Connections / 2 + 1, loop.GetStatistics().OwnedFileDescriptors));

            // Each connection still works on its own loop.
            await Task.WhenAll(clients.Select(client => client.SendAsync(RawHttp.Get("/plaintext"))));
            responses = await Task.WhenAll(clients.Select(client => client.ReadResponseAsync()));
            Assert.All(responses, response => Assert.Equal("Hello, World!", response.Text));
        }
        finally
        {
            foreach (RawHttp client in clients)
            {
                await client.DisposeAsync();
            }
        }

        // The clients left: Kestrel's connections end, and the loops hold only their eventfds again.
        app.AssertNoConnectionLeft();
    }

    [Fact]
    public async Task Kestrels_connection_limit_closes_the_connection_over_it_and_serves_the_others()
    {
        await using TestApp app = await TestApp.StartAsync(kestrel: options =>
        {
            options.Listen(System.Net.IPAddress.Loopback, 0);
            options.Limits.MaxConcurrentConnections = 2;
        });
        app.ExpectedWarnings.Add(entry => entry.EventId.Name == "ConnectionRejected");
        await using RawHttp first = await RawHttp.ConnectAsync(app.EndPoint);
        await using RawHttp second = await RawHttp.ConnectAsync(app.EndPoint);
        await first.SendAsync(RawHttp.Get("/plaintext"));
        await second.SendAsync(RawHttp.Get("/plaintext"));
        Assert.Equal(200, (await first.ReadResponseAsync()).Status);
        Assert.Equal(200, (await second.ReadResponseAsync()).Status);

        // The third is accepted by the transport, then Kestrel completes its output at once: the client reads the end.
        await using RawHttp third = await RawHttp.ConnectAsync(app.EndPoint);
        await third.SendAsync(RawHttp.Get("/plaintext"));
        Assert.True(await third.ClosedByServerAsync(), "the connection over the limit was answered");

        // The two within the limit go on.
        await first.SendAsync(RawHttp.Get("/plaintext"));
        Assert.Equal("Hello, World!", (await first.ReadResponseAsync()).Text);
    }
}
