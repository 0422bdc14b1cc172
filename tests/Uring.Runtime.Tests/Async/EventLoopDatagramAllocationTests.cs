using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Xunit;

namespace Uring.Tests.Async;

/// <summary>Datagram round trips and polls awaited on the loop allocate nothing in steady state (the caller reuses its SocketAddress).</summary>
public sealed class EventLoopDatagramAllocationTests
{
    private const int RoundTrips = 5_000;

    [Fact]
    public async Task UDP_round_trips_with_sendto_recvfrom_sendmsg_recvmsg_and_poll_allocate_nothing()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket client = DatagramFixtures.BoundUdp(AddressFamily.InterNetworkV6);
        using Socket server = DatagramFixtures.BoundUdp(AddressFamily.InterNetworkV6);
        EndPoint serverEndPoint = server.LocalEndPoint!;
        SocketAddress serverAddress = serverEndPoint.Serialize();
        SocketAddress from = new(AddressFamily.InterNetworkV6);
        byte[] request = DatagramFixtures.Pattern(64);
        byte[] head = new byte[16];
        byte[] tail = new byte[48];
        byte[] received = new byte[128];
        ReadOnlyMemory<byte> requestHead = request.AsMemory(0, 16);
        ReadOnlyMemory<byte> requestTail = request.AsMemory(16);

        long allocated = await loop.RunAsync(async () =>
        {
            long total = 0;
            long before = 0;
            for (int i = -300; i < RoundTrips; i++)
            {
                if (i == 0)
                {
                    // 300 warm-up cycles grew what grows once (sources, pins, native blocks); measure from here.
                    total = 0;
                    before = GC.GetAllocatedBytesForCurrentThread();
                }

                await loop.SendToAsync(client, request, serverAddress);
                total += await loop.ReceiveFromAsync(server, received, from);
                await loop.SendToAsync(client, request, serverEndPoint);
                total += await loop.ReceiveFromAsync(server, received, from);
                await loop.SendMessageAsync(server, [requestHead, requestTail], from);
                total += (await loop.ReceiveMessageAsync(client, [head, tail], from)).ReceivedBytes;
                await loop.PollAsync(client, PollEvents.Out);
            }

            long after = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(3L * 64 * RoundTrips, total);
            return after;
        }).Bounded();

        Assert.Equal(0, allocated);
        Assert.Equal(request[..16], head);
        Assert.Equal(request[16..], tail);
    }
}
