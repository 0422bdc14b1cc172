using System;
using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Uring.AspNetCore.Tests.Support;
using Xunit;

namespace Uring.AspNetCore.Tests;

/// <summary>The ConnectionContext the transport hands Kestrel, seen from connection middleware: its features, end points and lifetime.</summary>
public sealed class ConnectionContextTests
{
    [Fact]
    public async Task The_connection_offers_Kestrels_transport_features_and_its_end_points()
    {
        TaskCompletionSource<ConnectionContext> seen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using TestApp app = await TestApp.StartAsync(kestrel: options => options.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => connection =>
        {
            seen.TrySetResult(connection);
            return next(connection);
        })));

        await using RawHttp client = await RawHttp.ConnectAsync(app.EndPoint);
        await client.SendAsync(RawHttp.Get("/connection"));
        RawResponse response = await client.ReadResponseAsync();
        ConnectionContext connection = await seen.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        UringConnection uring = Assert.IsType<UringConnection>(connection);
        Assert.Contains(uring.Loop, app.Loops.Loops);
        IFeatureCollection features = connection.Features;
        Assert.Equal(connection.ConnectionId, features.Get<IConnectionIdFeature>()!.ConnectionId);
        Assert.Equal(13, connection.ConnectionId.Length);
        Assert.StartsWith(connection.ConnectionId + " ", response.Text, StringComparison.Ordinal);
        Assert.Same(connection.Transport, features.Get<IConnectionTransportFeature>()!.Transport);
        Assert.Same(connection.Items, features.Get<IConnectionItemsFeature>()!.Items);
        Assert.NotNull(features.Get<IMemoryPoolFeature>()!.MemoryPool);
        Assert.NotNull(features.Get<IConnectionLifetimeFeature>());

        // Kestrel adds its own features to the transport's collection (heartbeat, completion, lifetime notification).
        Assert.NotNull(features.Get<IConnectionHeartbeatFeature>());
        Assert.NotNull(features.Get<IConnectionLifetimeNotificationFeature>());

        IPEndPoint local = Assert.IsType<IPEndPoint>(connection.LocalEndPoint);
        IPEndPoint remote = Assert.IsType<IPEndPoint>(connection.RemoteEndPoint);
        Assert.Equal(app.EndPoint, local);
        Assert.Equal(client.Socket.LocalEndPoint, remote);
        IConnectionEndPointFeature endPoints = features.Get<IConnectionEndPointFeature>()!;
        Assert.Equal(local, endPoints.LocalEndPoint);

        // The socket feature: a Socket over the connection's descriptor, for options (TCP_NODELAY is on, as Kestrel sets it).
        Socket socket = features.Get<IConnectionSocketFeature>()!.Socket;
        Assert.True(socket.NoDelay);
        Assert.Equal(remote, socket.RemoteEndPoint);

        // ConnectionClosed fires once the client leaves.
        Assert.False(connection.ConnectionClosed.IsCancellationRequested);
        TaskCompletionSource closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        using CancellationTokenRegistration registration = connection.ConnectionClosed.Register(() => closed.TrySetResult());
        await client.DisposeAsync();
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Connections_spread_round_robin_over_the_loops()
    {
        System.Collections.Concurrent.ConcurrentQueue<UringConnection> seen = new();
        await using TestApp app = await TestApp.StartAsync(
            transport: options => options.LoopCount = 3,
            kestrel: options => options.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => connection =>
            {
                seen.Enqueue((UringConnection)connection);
                return next(connection);
            })));

        for (int i = 0; i < 9; i++)
        {
            await using RawHttp client = await RawHttp.ConnectAsync(app.EndPoint);
            await client.SendAsync(RawHttp.Get("/plaintext"));
            Assert.Equal(200, (await client.ReadResponseAsync()).Status);
        }

        UringConnection[] connections = seen.ToArray();
        Assert.Equal(9, connections.Length);
        for (int i = 0; i < connections.Length; i++)
        {
            Assert.Same(app.Loops.Loops[i % 3], connections[i].Loop);
        }
    }
}
