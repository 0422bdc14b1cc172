using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Uring.Tests.Support;
using Xunit;
using static Uring.Tests.Async.ConnectionFixtures;

namespace Uring.Tests.Async;

/// <summary>
/// <see cref="EventLoopGroup.TryHandOff"/>: a descriptor moves from one loop's ring to another's (MSG_RING with
/// IORING_MSG_SEND_FD, then FIXED_FD_INSTALL on the target), arrives as a working connection, and is closed, never
/// leaked, when the target shuts down first. Counting /proc/self/fd needs no other test opening descriptors meanwhile.
/// </summary>
[Collection(FdNumberingCollection.Name)]
public sealed class EventLoopHandOffTests
{
    private static readonly EventLoopOptions Small = new() { Entries = 64 };

    [Fact]
    public async Task A_handed_off_connection_arrives_on_the_target_loop_works_and_is_counted_there()
    {
        KernelRequirement.Require();
        int fdsBefore = RingsSocketsAndEventFds();
        EventLoopGroup group = new(2, Small);
        EventLoop a = group.Loops[0];
        EventLoop b = group.Loops[1];
        try
        {
            TaskCompletionSource<(int Thread, LoopConnection Connection)> arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
            group.HandOffReceived = (loop, fd) => arrived.SetResult((Environment.CurrentManagedThreadId, loop.AdoptConnection(fd)));
            using Socket listener = Listen();
            using Socket client = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(listener.LocalEndPoint!).Bounded();

            bool handed = await a.RunAsync(async () =>
            {
                int fd = await a.AcceptAsync((int)listener.Handle);
                return group.TryHandOff(fd, b);
            }).Bounded();
            Assert.True(handed);

            (int thread, LoopConnection connection) = await arrived.Task.Bounded();
            Assert.Equal(b.ManagedThreadId, thread);
            Assert.Same(b, connection.Loop);

            // The source closed its own descriptor once the send completed; the target owns the one it installed.
            LoopFixtures.Eventually(() => a.GetStatistics() is { HandOffsSent: 1, OwnedFileDescriptors: 1, InternalRequestsInFlight: 1 }, "the source finished the hand-off");
            EventLoopStatistics target = b.GetStatistics();
            Assert.Equal(1, target.HandOffsReceived);
            Assert.Equal(0, target.HandOffsClosed);
            Assert.Equal(2, target.OwnedFileDescriptors); // its eventfd and the connection
            LoopFixtures.Eventually(() => b.GetStatistics().InternalRequestsInFlight == 1, "the target freed the slot");

            // Bytes round-trip through the connection on its new loop.
            byte[] request = RandomBytes(200_000, 11);
            Task echo = b.RunAsync(async () =>
            {
                byte[] buffer = new byte[16 * 1024];
                int total = 0;
                while (total < request.Length)
                {
                    int received = await connection.ReceiveAsync(buffer);
                    Assert.NotEqual(0, received);
                    await connection.SendAsync(buffer.AsMemory(0, received));
                    total += received;
                }
            });
            Task<byte[]> reply = ReceiveExactlyAsync(client, request.Length);
            await client.SendAsync(request).Bounded();
            Assert.Equal(Checksum(request), Checksum(await reply.Bounded()));
            await echo.Bounded();

            await connection.DisposeAsync().Bounded();
            await connection.Closed.Bounded();
            Assert.Equal(0, await client.ReceiveAsync(new byte[1]).Bounded());
            Assert.Equal(1, b.GetStatistics().OwnedFileDescriptors);
        }
        finally
        {
            await group.DisposeAsync().Bounded();
        }

        LoopFixtures.AssertNothingLeft(a.GetStatistics());
        LoopFixtures.AssertNothingLeft(b.GetStatistics());
        Assert.Equal(fdsBefore, RingsSocketsAndEventFds());
    }

    [Fact]
    public async Task Many_hand_offs_from_one_loop_to_two_reuse_the_slots_and_every_connection_works()
    {
        const int Connections = 300; // several times the outgoing slots: slots and generations are reused
        KernelRequirement.Require();
        await using EventLoopGroup group = new(3, Small);
        EventLoop acceptor = group.Loops[0];
        List<Task> served = [];
        long[] perLoop = new long[3];
        group.HandOffReceived = (loop, fd) =>
        {
            LoopConnection connection = loop.AdoptConnection(fd);
            Interlocked.Increment(ref perLoop[loop == group.Loops[1] ? 1 : 2]);
            lock (served)
            {
                served.Add(EchoOnceAsync(connection));
            }
        };

        using Socket listener = Listen(Connections);
        Task acceptLoop = acceptor.RunAsync(async () =>
        {
            int refused = 0;
            for (int i = 0; i < Connections; i++)
            {
                int fd = await acceptor.AcceptAsync((int)listener.Handle);
                EventLoop target = group.Loops[1 + (i % 2)];
                while (!group.TryHandOff(fd, target))
                {
                    // Every outgoing slot busy: let the loop turn so completions free some.
                    refused++;
                    await acceptor.NopAsync();
                }
            }
        });

        Socket[] clients = new Socket[Connections];
        Task[] exchanges = new Task[Connections];
        for (int i = 0; i < Connections; i++)
        {
            clients[i] = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await clients[i].ConnectAsync(listener.LocalEndPoint!).Bounded();
            exchanges[i] = ExchangeAsync(clients[i], i);
        }

        try
        {
            await acceptLoop.Bounded();
            await Task.WhenAll(exchanges).Bounded();
        }
        finally
        {
            foreach (Socket client in clients)
            {
                client.Dispose();
            }
        }

        Assert.Equal(Connections / 2, Interlocked.Read(ref perLoop[1]));
        Assert.Equal(Connections / 2, Interlocked.Read(ref perLoop[2]));
        // A send's own completion reaches the acceptor after the target may already have served the connection: the
        // count catches up on the acceptor's next turn (a CI run read 281 of 300 here).
        LoopFixtures.Eventually(() => acceptor.GetStatistics().HandOffsSent == Connections, "every hand-off's send completed on the acceptor");
        Assert.Equal(Connections / 2, group.Loops[1].GetStatistics().HandOffsReceived);
        Assert.Equal(Connections / 2, group.Loops[2].GetStatistics().HandOffsReceived);
        Task[] all;
        lock (served)
        {
            all = served.ToArray();
        }

        await Task.WhenAll(all).Bounded();
        await group.DisposeAsync().Bounded();
        foreach (EventLoop loop in group.Loops)
        {
            LoopFixtures.AssertNothingLeft(loop.GetStatistics());
        }

        static async Task ExchangeAsync(Socket client, int i)
        {
            byte[] request = RandomBytes(64, i);
            Task<byte[]> reply = ReceiveExactlyAsync(client, request.Length);
            await client.SendAsync(request);
            Assert.Equal(request, await reply);
        }
    }

    [Fact]
    public async Task A_hand_off_to_a_loop_that_shuts_down_meanwhile_closes_the_descriptor_and_leaks_nothing()
    {
        KernelRequirement.Require();
        int fdsBefore = RingsSocketsAndEventFds();
        EventLoopGroup group = new(2, Small);
        EventLoop a = group.Loops[0];
        EventLoop b = group.Loops[1];
        int delivered = 0;
        group.HandOffReceived = (_, fd) =>
        {
            Interlocked.Increment(ref delivered);
            Posix.CloseQuietly(ref fd);
        };

        try
        {
            using Socket listener = Listen();
            using Socket client = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(listener.LocalEndPoint!).Bounded();

            // The hand-off is prepared, then the target's shutdown is asked for before the source submits it: the
            // descriptor travels to a loop that is shutting down (or has shut down by the time it lands).
            bool handed = await a.RunAsync(async () =>
            {
                int fd = await a.AcceptAsync((int)listener.Handle);
                bool started = group.TryHandOff(fd, b);
                _ = b.DisposeAsync();
                return started;
            }).Bounded();
            Assert.True(handed);
            await b.Completion.Bounded();

            // The peer sees the connection end: the target closed it while draining, the source when the send failed,
            // or the kernel with the target's file table.
            Assert.Equal(0, await client.ReceiveAsync(new byte[1]).Bounded());
            LoopFixtures.Eventually(() => a.GetStatistics() is { OwnedFileDescriptors: 1, InternalRequestsInFlight: 1 }, "the source finished the hand-off");
            Assert.Equal(0, delivered);
            Assert.Equal(0, b.GetStatistics().HandOffsReceived);
            Assert.True(a.GetStatistics().HandOffsClosed + b.GetStatistics().HandOffsClosed <= 1);
        }
        finally
        {
            await group.DisposeAsync().Bounded();
        }

        LoopFixtures.AssertNothingLeft(a.GetStatistics());
        LoopFixtures.AssertNothingLeft(b.GetStatistics());
        Assert.Equal(fdsBefore, RingsSocketsAndEventFds());
    }

    [Fact]
    public async Task TryHandOff_to_a_loop_already_shutting_down_returns_false_and_leaves_the_descriptor_to_the_caller()
    {
        KernelRequirement.Require();
        await using EventLoopGroup group = new(2, Small);
        EventLoop a = group.Loops[0];
        EventLoop b = group.Loops[1];
        await b.DisposeAsync().Bounded();
        using Socket listener = Listen();
        using Socket client = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!).Bounded();

        (int fd, bool handed) = await a.RunAsync(async () =>
        {
            int accepted = await a.AcceptAsync((int)listener.Handle);
            return (accepted, group.TryHandOff(accepted, b));
        }).Bounded();

        Assert.False(handed);
        Assert.True(Posix.IsOpen(fd));
        Assert.Equal(1, a.GetStatistics().OwnedFileDescriptors);
        Posix.CloseQuietly(ref fd);
    }

    [Fact]
    public async Task Without_a_handler_the_target_closes_what_arrives()
    {
        KernelRequirement.Require();
        await using EventLoopGroup group = new(2, Small);
        EventLoop a = group.Loops[0];
        EventLoop b = group.Loops[1];
        using Socket listener = Listen();
        using Socket client = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!).Bounded();

        Assert.True(await a.RunAsync(async () => group.TryHandOff(await a.AcceptAsync((int)listener.Handle), b)).Bounded());

        Assert.Equal(0, await client.ReceiveAsync(new byte[1]).Bounded());
        LoopFixtures.Eventually(() => b.GetStatistics() is { HandOffsClosed: 1, InternalRequestsInFlight: 1 }, "the target closed it");
        Assert.Equal(0, b.GetStatistics().HandOffsReceived);
        Assert.Equal(1, b.GetStatistics().OwnedFileDescriptors);
    }

    [Fact]
    public async Task TryHandOff_checks_its_caller_and_arguments()
    {
        KernelRequirement.Require();
        await using EventLoopGroup group = new(2, Small);
        await using EventLoopGroup other = new(1, Small);
        EventLoop a = group.Loops[0];

        Assert.Throws<InvalidOperationException>(() => group.TryHandOff(0, a));
        await a.RunAsync(() =>
        {
            Assert.Equal("fd", Assert.Throws<ArgumentOutOfRangeException>(() => group.TryHandOff(-1, group.Loops[1])).ParamName);
            Assert.Equal("target", Assert.Throws<ArgumentNullException>(() => group.TryHandOff(0, null!)).ParamName);
            Assert.Equal("target", Assert.Throws<ArgumentException>(() => group.TryHandOff(0, other.Loops[0])).ParamName);
            Assert.Equal("target", Assert.Throws<ArgumentException>(() => group.TryHandOff(0, a)).ParamName);
            return Task.CompletedTask;
        }).Bounded();

        // A loop of another group is no caller either.
        await other.Loops[0].RunAsync(() =>
        {
            Assert.Throws<InvalidOperationException>(() => group.TryHandOff(0, a));
            return Task.CompletedTask;
        }).Bounded();
    }

    /// <summary>On the connection's loop: echoes one 64-byte message, then closes.</summary>
    private static async Task EchoOnceAsync(LoopConnection connection)
    {
        await using (connection)
        {
            byte[] buffer = new byte[64];
            int total = 0;
            while (total < buffer.Length)
            {
                int received = await connection.ReceiveAsync(buffer.AsMemory(total));
                if (received == 0)
                {
                    return;
                }

                total += received;
            }

            await connection.SendAsync(buffer);
        }
    }

    /// <summary>
    /// Open sockets, rings and eventfds of this process: what a hand-off could leak (the first async socket of the process
    /// also opens an epoll and loads assemblies, which a plain count of /proc/self/fd would take for a leak).
    /// </summary>
    private static int RingsSocketsAndEventFds()
    {
        int count = 0;
        foreach (string entry in Directory.GetFiles("/proc/self/fd"))
        {
            string? target = new FileInfo(entry).LinkTarget;
            if (target is not null && (target.StartsWith("socket:", StringComparison.Ordinal) || target is "anon_inode:[io_uring]" or "anon_inode:[eventfd]"))
            {
                count++;
            }
        }

        return count;
    }

    private static async Task<byte[]> ReceiveExactlyAsync(Socket socket, int length)
    {
        byte[] data = new byte[length];
        int total = 0;
        while (total < length)
        {
            int received = await socket.ReceiveAsync(data.AsMemory(total));
            if (received == 0)
            {
                throw new EndOfStreamException($"The connection ended after {total} of {length} bytes.");
            }

            total += received;
        }

        return data;
    }
}
