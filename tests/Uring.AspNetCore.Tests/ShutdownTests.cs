using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using Uring.AspNetCore.Tests.Support;
using Xunit;

namespace Uring.AspNetCore.Tests;

/// <summary>Graceful shutdown: stop accepting, let the requests in flight finish, close idle connections, then nothing is left.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_with_requests_in_flight_refuses_new_connections_and_completes_every_request_in_flight()
    {
        const int InFlight = 8;
        await using TestApp app = await TestApp.StartAsync();
        IPEndPoint endPoint = app.EndPoint;
        using HttpClient client = app.CreateClient();

        // An idle keep-alive connection: Kestrel closes it at once when it stops.
        await using RawHttp idle = await RawHttp.ConnectAsync(endPoint);
        await idle.SendAsync(RawHttp.Get("/plaintext"));
        Assert.Equal(200, (await idle.ReadResponseAsync()).Status);

        Task<byte[]>[] requests = Enumerable.Range(0, InFlight).Select(_ => client.GetByteArrayAsync("wait", TestContext.Current.CancellationToken)).ToArray();
        TestApp.Eventually(() => app.State.Entered == InFlight, () => $"{app.State.Entered} of {InFlight} requests in the handler");

        Task stopping = app.StopAsync();

        // The listener is unbound: new connections are refused, while the ones in flight wait for their handlers.
        TestApp.Eventually(() => !CanConnect(endPoint), () => "the listening socket was closed");
        Assert.True(await idle.ClosedByServerAsync(), "the idle connection stayed open during shutdown");
        Assert.False(stopping.IsCompleted, "Kestrel stopped before the requests in flight finished");
        Assert.All(requests, request => Assert.False(request.IsCompleted));

        app.State.OpenGate();
        byte[] expected = Payload.Create(65536, 7);
        foreach (Task<byte[]> request in requests)
        {
            Assert.Equal(expected, await request.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        }

        // StopAsync (in TestApp) returns once every connection is closed and checks that the loops hold nothing else.
        await stopping.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Disposing_the_host_shuts_the_loops_down_with_nothing_left()
    {
        TestApp app = await TestApp.StartAsync();
        EventLoopGroup loops = app.Loops;
        using (HttpClient client = app.CreateClient())
        {
            Assert.Equal("Hello, World!", await client.GetStringAsync("plaintext", TestContext.Current.CancellationToken));
        }

        // TestApp.DisposeAsync checks every counter of every loop after the host's dispose.
        await app.DisposeAsync();
        Assert.All(loops.Loops, loop => Assert.True(loop.Completion.IsCompleted));
    }

    private static bool CanConnect(IPEndPoint endPoint)
    {
        using Socket socket = new(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(endPoint);
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return false;
        }
    }
}
