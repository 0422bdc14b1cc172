using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Uring.Tests.Support;
using Xunit;
using static Uring.Tests.Async.ConnectionFixtures;

namespace Uring.Tests.Async;

/// <summary>The connection itself: connect/accept/adopt, end points, errors, allocation per round trip.</summary>
public sealed class LoopConnectionTests
{
    [Fact]
    public async Task Connect_and_accept_give_connections_whose_end_points_match()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket listener = Listen();
        (LoopConnection client, LoopConnection server) = await PairAsync(listener, loop, loop);
        await using (client)
        await using (server)
        {
            Assert.Equal(listener.LocalEndPoint, client.RemoteEndPoint);
            Assert.Equal(client.LocalEndPoint, server.RemoteEndPoint);
            Assert.Equal(server.LocalEndPoint, client.RemoteEndPoint);
            Assert.Same(loop, client.Loop);

            // Kestrel's default: no Nagle delay on TCP connections the loop makes.
            Assert.Equal(1, Posix.GetSockOptInt(client.FileDescriptor, 6, 1));
            Assert.Equal(1, Posix.GetSockOptInt(server.FileDescriptor, 6, 1));

            await client.SendAsync("ping"u8.ToArray()).Bounded();
            byte[] buffer = new byte[8];
            Assert.Equal(4, await server.ReceiveAsync(buffer).Bounded());
            Assert.Equal("ping"u8.ToArray(), buffer[..4]);
        }
    }

    [Fact]
    public async Task A_refused_connect_throws_SocketException_and_leaves_no_descriptor()
    {
        await using EventLoop loop = LoopFixtures.Start();
        EndPoint nobody;
        using (Socket closed = Listen())
        {
            nobody = closed.LocalEndPoint!;
        }

        SocketException error = await Assert.ThrowsAsync<SocketException>(() => loop.ConnectAsync(nobody).Bounded());
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
        Assert.Equal(1, loop.GetStatistics().OwnedFileDescriptors);
        Assert.Throws<ArgumentException>(() => { _ = loop.ConnectAsync(new DnsEndPoint("localhost", 1)); });
    }

    [Fact]
    public async Task An_adopted_socket_and_a_unix_socket_pair_work_as_connections()
    {
        await using EventLoop loop = LoopFixtures.Start();
        (int a, int b) = Posix.UnixStreamPair();
        await using LoopConnection first = loop.AdoptConnection(a);
        using Socket other = new(new SafeSocketHandle(b, ownsHandle: true));
        await using LoopConnection second = loop.AdoptConnection(other);
        Assert.NotEqual(b, second.FileDescriptor); // a duplicate: the Socket keeps its own

        await first.SendAsync("unix"u8.ToArray()).Bounded();
        byte[] buffer = new byte[8];
        Assert.Equal(4, await second.ReceiveAsync(buffer).Bounded());
        Assert.Equal("unix"u8.ToArray(), buffer[..4]);
        Assert.Equal(3, loop.GetStatistics().OwnedFileDescriptors);
        Assert.Throws<ArgumentOutOfRangeException>(() => loop.AdoptConnection(-1));
    }

    [Fact]
    public async Task A_receive_with_a_deadline_times_out_and_consumes_nothing()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket listener = Listen();
        (LoopConnection client, LoopConnection server) = await PairAsync(listener, loop, loop);
        await using (client)
        await using (server)
        {
            SocketException error = await Assert.ThrowsAsync<SocketException>(() => server.ReceiveAsync(new byte[4], TimeSpan.FromMilliseconds(50)).Bounded());
            Assert.Equal(SocketError.TimedOut, error.SocketErrorCode);
            await client.SendAsync("ok"u8.ToArray()).Bounded();
            Assert.Equal(2, await server.ReceiveAsync(new byte[4]).Bounded());
        }
    }

    [Fact]
    public async Task A_steady_state_stream_round_trip_on_the_loop_allocates_nothing()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket listener = Listen();
        (LoopConnection client, LoopConnection server) = await PairAsync(listener, loop, loop);
        await using LoopConnectionStream clientStream = new(client);
        await using LoopConnectionStream serverStream = new(server);
        byte[] request = new byte[64];
        byte[] serverBuffer = new byte[64];
        byte[] clientBuffer = new byte[64];
        Memory<byte> requestMemory = request;
        Memory<byte> serverMemory = serverBuffer;
        Memory<byte> clientMemory = clientBuffer;

        long allocated = await loop.RunAsync(async () =>
        {
            async ValueTask RoundTrips(int count)
            {
                for (int i = 0; i < count; i++)
                {
                    await clientStream.WriteAsync(requestMemory);
                    int got = 0;
                    while (got < 64)
                    {
                        got += await serverStream.ReadAsync(serverMemory[got..]);
                    }

                    await serverStream.WriteAsync(serverMemory);
                    got = 0;
                    while (got < 64)
                    {
                        got += await clientStream.ReadAsync(clientMemory[got..]);
                    }
                }
            }

            await RoundTrips(500);
            long before = GC.GetAllocatedBytesForCurrentThread();
            await RoundTrips(2_000);
            long shorter = GC.GetAllocatedBytesForCurrentThread() - before;
            before = GC.GetAllocatedBytesForCurrentThread();
            await RoundTrips(7_000);
            long longer = GC.GetAllocatedBytesForCurrentThread() - before;

            // Each call allocates its own async box once; 5,000 more round trips must add nothing to that.
            return longer - shorter;
        }).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Steady_state_pipe_round_trips_on_the_loop_allocate_nothing(bool useProvidedBuffers)
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket listener = Listen();
        (LoopConnection client, LoopConnection server) = await PairAsync(listener, loop, loop);

        // The default kind of pool (pinned blocks, never trimmed), but one of their own: tests running in parallel
        // share the process-wide one, and a block they hold makes this test's pipes create one more.
        LoopDuplexPipeOptions options = new() { MemoryPool = new PinnedBlockMemoryPool(), UseProvidedBuffers = useProvidedBuffers };
        LoopDuplexPipe clientPipe = LoopDuplexPipe.Start(client, options);
        LoopDuplexPipe serverPipe = LoopDuplexPipe.Start(server, options);
        byte[] message = new byte[64];

        long allocated = await loop.RunAsync(async () =>
        {
            // One async method for all round trips: a helper awaited per round trip would allocate its own box.
            async ValueTask RoundTrips(int count)
            {
                PipeReader serverInput = serverPipe.Input;
                PipeReader clientInput = clientPipe.Input;
                for (int i = 0; i < count; i++)
                {
                    await clientPipe.Output.WriteAsync(message);
                    while (true)
                    {
                        ReadResult request = await serverInput.ReadAsync();
                        if (request.Buffer.Length >= 64)
                        {
                            foreach (ReadOnlyMemory<byte> segment in request.Buffer.Slice(0, 64))
                            {
                                serverPipe.Output.Write(segment.Span);
                            }

                            serverInput.AdvanceTo(request.Buffer.GetPosition(64));
                            await serverPipe.Output.FlushAsync();
                            break;
                        }

                        serverInput.AdvanceTo(request.Buffer.Start, request.Buffer.End);
                    }

                    while (true)
                    {
                        ReadResult response = await clientInput.ReadAsync();
                        if (response.Buffer.Length >= 64)
                        {
                            clientInput.AdvanceTo(response.Buffer.GetPosition(64));
                            break;
                        }

                        clientInput.AdvanceTo(response.Buffer.Start, response.Buffer.End);
                    }
                }
            }

            await RoundTrips(500);
            long before = GC.GetAllocatedBytesForCurrentThread();
            await RoundTrips(2_000);
            long shorter = GC.GetAllocatedBytesForCurrentThread() - before;
            before = GC.GetAllocatedBytesForCurrentThread();
            await RoundTrips(7_000);
            long longer = GC.GetAllocatedBytesForCurrentThread() - before;

            // Each call allocates its own async box once; 5,000 more round trips must add nothing to that.
            return longer - shorter;
        }).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        await clientPipe.DisposeAsync();
        await serverPipe.DisposeAsync();
        Assert.Equal(0, allocated);
    }
}

/// <summary>
/// Descriptor accounting: disposing connections, streams and pipes leaves the loop's counters at zero and the
/// process with the rings, eventfds and sockets it had (<see cref="FdTable"/>: compared by identity, since the runtime
/// opens descriptors of its own, two per assembly it loads). Closed numbers are reused, so these tests run alone.
/// </summary>
[Collection(FdNumberingCollection.Name)]
public sealed class LoopConnectionDescriptorTests
{
    [Fact]
    public async Task Disposing_connections_streams_and_pipes_leaves_no_descriptor_and_no_counter_behind()
    {
        KernelRequirement.Require();
        using Socket listener = Listen();
        HashSet<(int Fd, string Target)> before = FdTable.Snapshot();
        EventLoop loop = new(new EventLoopOptions { Entries = 64 });
        (LoopConnection a, LoopConnection b) = await PairAsync(listener, loop, loop);
        (LoopConnection c, LoopConnection d) = await PairAsync(listener, loop, loop);
        (LoopConnection e, LoopConnection f) = await PairAsync(listener, loop, loop);
        Assert.Equal(["eventfd", "io_uring", .. Enumerable.Repeat("socket", 6)], FdTable.KindsOpenedSince(before));
        Assert.Equal(7, loop.GetStatistics().OwnedFileDescriptors);

        // A connection with a receive pending, a stream, a pipe in use.
        ValueTask<int> pending = a.ReceiveAsync(new byte[8]);
        LoopConnectionStream stream = new(c);
        LoopDuplexPipe pipe = LoopDuplexPipe.Start(e);
        await new LoopConnectionStream(f, ownsConnection: false).WriteAsync("to the pipe"u8.ToArray()).Bounded();
        ReadResult read = await pipe.Input.ReadAsync().Bounded();
        pipe.Input.AdvanceTo(read.Buffer.End);

        await a.DisposeAsync().AsTask().Bounded();
        SocketException aborted = await Assert.ThrowsAsync<SocketException>(() => pending.Bounded());
        Assert.Equal(SocketError.OperationAborted, aborted.SocketErrorCode);
        await stream.DisposeAsync().AsTask().Bounded();
        await pipe.DisposeAsync().AsTask().Bounded();
        foreach (LoopConnection connection in new[] { b, d, f })
        {
            await connection.DisposeAsync().AsTask().Bounded();
        }

        EventLoopStatistics open = loop.GetStatistics();
        Assert.Equal(1, open.OwnedFileDescriptors);
        Assert.Equal(0, open.OperationsInFlight);
        Assert.Equal(0, open.SourcesOutstanding);
        Assert.Equal(["eventfd", "io_uring"], FdTable.KindsOpenedSince(before));

        await loop.DisposeAsync().AsTask().Bounded();
        LoopFixtures.AssertNothingLeft(loop.GetStatistics());
        FdTable.AssertNoneOpenedSince(before);
    }

    [Fact]
    public async Task Shutdown_closes_the_connections_still_open_and_cancels_their_operations()
    {
        KernelRequirement.Require();
        using Socket listener = Listen();
        HashSet<(int Fd, string Target)> before = FdTable.Snapshot();
        EventLoop loop = new(new EventLoopOptions { Entries = 64 });
        (LoopConnection a, LoopConnection b) = await PairAsync(listener, loop, loop);
        (LoopConnection c, LoopConnection d) = await PairAsync(listener, loop, loop);
        LoopDuplexPipe pipe = LoopDuplexPipe.Start(c);
        ValueTask<int> pending = a.ReceiveAsync(new byte[8]);
        LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 2, "the receive and the pipe's are in flight");

        await loop.DisposeAsync().AsTask().Bounded();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pending.Bounded());
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            ReadResult result = await pipe.Input.ReadAsync().AsTask().Bounded();
            Assert.False(result.IsCompleted, "the input ended cleanly");
        });
        foreach (LoopConnection connection in new[] { a, b, c, d })
        {
            await connection.Closed.Bounded();
            Assert.True(connection.IsDisposed);
            await Assert.ThrowsAsync<ObjectDisposedException>(async () => await connection.SendAsync(new byte[1]));
        }

        await pipe.DisposeAsync().AsTask().Bounded();
        LoopFixtures.AssertNothingLeft(loop.GetStatistics());
        FdTable.AssertNoneOpenedSince(before);
    }
}
