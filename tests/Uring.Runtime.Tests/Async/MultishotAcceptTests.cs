using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using static Uring.Tests.Async.ConnectionFixtures;

namespace Uring.Tests.Async;

/// <summary>Multishot accept as an IAsyncEnumerable: one armed request, a connection per completion, cancel ends it.</summary>
public sealed class MultishotAcceptTests
{
    [Fact]
    public async Task One_hundred_connections_are_enumerated_then_cancellation_ends_the_enumeration_and_the_request()
    {
        await using EventLoop loop = LoopFixtures.Start(new EventLoopOptions { Entries = 256 });
        using Socket listener = Listen(128);
        using CancellationTokenSource cancel = new();
        List<Socket> clients = new();
        List<LoopConnection> accepted = new();
        try
        {
            Task<Exception?> enumerating = loop.RunAsync(async () =>
            {
                try
                {
                    await foreach (LoopConnection connection in loop.AcceptConnectionsAsync(listener).WithCancellation(cancel.Token))
                    {
                        accepted.Add(connection);
                        if (accepted.Count == 1)
                        {
                            // Only one request is armed, however many connections it delivers.
                            Assert.Equal(1, loop.GetStatistics().OperationsInFlight);
                        }

                        // Each is a working connection: it echoes one byte that identifies it.
                        byte[] one = new byte[1];
                        Assert.Equal(1, await connection.ReceiveAsync(one));
                        await connection.SendAsync(one);
                        if (accepted.Count == 100)
                        {
                            cancel.Cancel();
                        }
                    }

                    return null;
                }
                catch (Exception e)
                {
                    return e;
                }
            });

            for (int i = 0; i < 100; i++)
            {
                Socket client = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                clients.Add(client);
                await client.ConnectAsync(listener.LocalEndPoint!, TestContext.Current.CancellationToken).AsTask().Bounded();
                await client.SendAsync(new[] { (byte)i }, TestContext.Current.CancellationToken).AsTask().Bounded();
                byte[] echo = new byte[1];
                Assert.Equal(1, await client.ReceiveAsync(echo, TestContext.Current.CancellationToken).AsTask().Bounded());
                Assert.Equal((byte)i, echo[0]);
            }

            Exception? ended = await enumerating.Bounded();
            Assert.IsAssignableFrom<OperationCanceledException>(ended);
            Assert.Equal(100, accepted.Count);
            Assert.Equal(accepted.Count, new HashSet<int>(accepted.ConvertAll(c => c.FileDescriptor)).Count);

            // The request is gone: nothing armed, and a plain accept now gets the next connection.
            LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 0, "the multishot accept ended");
            ValueTask<LoopConnection> next = loop.AcceptConnectionAsync(listener);
            using Socket late = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await late.ConnectAsync(listener.LocalEndPoint!, TestContext.Current.CancellationToken).AsTask().Bounded();
            await using LoopConnection nextConnection = await next.Bounded();
            Assert.Equal(101 + 1, loop.GetStatistics().OwnedFileDescriptors); // 100 + the late one + the eventfd
        }
        finally
        {
            foreach (LoopConnection connection in accepted)
            {
                await connection.DisposeAsync();
            }

            foreach (Socket client in clients)
            {
                client.Dispose();
            }
        }

        Assert.Equal(1, loop.GetStatistics().OwnedFileDescriptors);
    }

    [Fact]
    public async Task Disposing_the_enumerator_cancels_the_request_and_closes_connections_not_handed_out()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket listener = Listen();
        IAsyncEnumerator<LoopConnection> enumerator = loop.AcceptConnectionsAsync(listener).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        Assert.Equal(0, loop.GetStatistics().OperationsInFlight); // nothing armed before the first MoveNextAsync

        using Socket first = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        ValueTask<bool> moved = enumerator.MoveNextAsync();
        await first.ConnectAsync(listener.LocalEndPoint!, TestContext.Current.CancellationToken).AsTask().Bounded();
        Assert.True(await moved.AsTask().Bounded());
        await using LoopConnection connection = enumerator.Current;

        // Two more arrive while nobody asks: they wait in the enumerator, owned by the loop.
        using Socket second = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using Socket third = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await second.ConnectAsync(listener.LocalEndPoint!, TestContext.Current.CancellationToken).AsTask().Bounded();
        await third.ConnectAsync(listener.LocalEndPoint!, TestContext.Current.CancellationToken).AsTask().Bounded();
        LoopFixtures.Eventually(() => loop.GetStatistics().OwnedFileDescriptors == 4, "the eventfd, the connection handed out and two waiting");

        await enumerator.DisposeAsync().AsTask().Bounded();
        Assert.Equal(0, loop.GetStatistics().OperationsInFlight);
        Assert.Equal(2, loop.GetStatistics().OwnedFileDescriptors);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await enumerator.MoveNextAsync());

        // The two that were never handed out were closed: their peers read end of stream.
        Assert.Equal(0, await second.ReceiveAsync(new byte[1], TestContext.Current.CancellationToken).AsTask().Bounded());
        Assert.Equal(0, await third.ReceiveAsync(new byte[1], TestContext.Current.CancellationToken).AsTask().Bounded());
    }

    [Fact]
    public async Task A_listener_that_fails_ends_the_enumeration_with_a_SocketException_and_shutdown_with_ObjectDisposedException()
    {
        await using EventLoop loop = LoopFixtures.Start();

        // Not listening: the kernel refuses the accept (EINVAL).
        using Socket notListening = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await using (IAsyncEnumerator<LoopConnection> refused = loop.AcceptConnectionsAsync(notListening).GetAsyncEnumerator(TestContext.Current.CancellationToken))
        {
            SocketException error = await Assert.ThrowsAsync<SocketException>(async () => await refused.MoveNextAsync().AsTask().Bounded());
            Assert.Equal(SocketError.InvalidArgument, error.SocketErrorCode);
        }

        using Socket listener = Listen();
        IAsyncEnumerator<LoopConnection> pending = loop.AcceptConnectionsAsync(listener).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        ValueTask<bool> waiting = pending.MoveNextAsync();
        LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 1, "the accept is armed");
        await loop.DisposeAsync().AsTask().Bounded();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await waiting.AsTask().Bounded());
        await pending.DisposeAsync().AsTask().Bounded();
        LoopFixtures.AssertNothingLeft(loop.GetStatistics());
    }

    [Fact]
    public async Task When_a_full_CQ_ends_the_request_it_is_armed_again_and_no_connection_is_lost()
    {
        // An 8-entry ring has a 16-entry CQ. While the loop thread is held, 40 connections arrive; when it runs again
        // the kernel cannot post them all with F_MORE, ends the multishot accept (its last CQE carries a connection and
        // no F_MORE), and the enumeration must arm it again to get the rest.
        await using EventLoop loop = LoopFixtures.Start(new EventLoopOptions { Entries = 8, CompletionBatchSize = 4 });
        using Socket listener = Listen(128);
        List<Socket> clients = new();
        List<LoopConnection> accepted = new();
        IAsyncEnumerator<LoopConnection> enumerator = loop.AcceptConnectionsAsync(listener).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        try
        {
            ValueTask<bool> first = enumerator.MoveNextAsync();
            LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 1, "the accept is armed");
            using ManualResetEventSlim release = new();
            loop.Post(() => release.Wait(TimeSpan.FromSeconds(10))); // holds the loop thread (tests only)
            for (int i = 0; i < 40; i++)
            {
                Socket client = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                clients.Add(client);
                await client.ConnectAsync(listener.LocalEndPoint!, TestContext.Current.CancellationToken).AsTask().Bounded();
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
            release.Set();
            Assert.True(await first.AsTask().Bounded());
            accepted.Add(enumerator.Current);
            while (accepted.Count < 40)
            {
                Assert.True(await enumerator.MoveNextAsync().AsTask().Bounded());
                accepted.Add(enumerator.Current);
            }

            Assert.Equal(40, new HashSet<int>(accepted.ConvertAll(c => c.FileDescriptor)).Count);
            Assert.Equal(1, loop.GetStatistics().OperationsInFlight); // armed again, waiting for more
            int arms = ((MultishotAcceptor)enumerator).Arms;
            Assert.True(arms >= 2, $"armed {arms} time(s): the kernel never ended the request, so the re-arm was not exercised");
        }
        finally
        {
            await enumerator.DisposeAsync();
            foreach (LoopConnection connection in accepted)
            {
                await connection.DisposeAsync();
            }

            foreach (Socket client in clients)
            {
                client.Dispose();
            }
        }

        Assert.Equal(1, loop.GetStatistics().OwnedFileDescriptors);
    }

    [Fact]
    public async Task With_an_owner_group_the_connections_go_to_its_loops_round_robin_and_each_runs_on_its_own_loop()
    {
        Support.KernelRequirement.Require();
        await using EventLoopGroup group = new(3, new EventLoopOptions { Entries = 64 });
        EventLoop acceptor = group.Loops[0];
        using Socket listener = Listen();
        List<Socket> clients = new();
        List<LoopConnection> accepted = new();
        IAsyncEnumerator<LoopConnection> enumerator = acceptor.AcceptConnectionsAsync(listener, group).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        try
        {
            for (int i = 0; i < 6; i++)
            {
                ValueTask<bool> moved = enumerator.MoveNextAsync();
                Socket client = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                clients.Add(client);
                await client.ConnectAsync(listener.LocalEndPoint!, TestContext.Current.CancellationToken).AsTask().Bounded();
                Assert.True(await moved.AsTask().Bounded());
                LoopConnection connection = enumerator.Current;
                accepted.Add(connection);

                // The group's Next() order (a fresh group starts at its first loop), whichever loop accepted.
                Assert.Same(group.Loops[i % 3], connection.Loop);

                // A working connection of that loop: it echoes a byte, and the receive ran on the owner's thread.
                byte[] one = [(byte)i];
                await client.SendAsync(one, TestContext.Current.CancellationToken).AsTask().Bounded();
                int receivedOn = await connection.Loop.RunAsync(async () =>
                {
                    byte[] buffer = new byte[1];
                    Assert.Equal(1, await connection.ReceiveAsync(buffer));
                    await connection.SendAsync(buffer);
                    return Environment.CurrentManagedThreadId;
                }).Bounded();
                Assert.Equal(connection.Loop.ManagedThreadId, receivedOn);
                byte[] echo = new byte[1];
                Assert.Equal(1, await client.ReceiveAsync(echo, TestContext.Current.CancellationToken).AsTask().Bounded());
                Assert.Equal((byte)i, echo[0]);
            }

            // Each loop owns its eventfd and its two connections; the acceptor holds only the armed request.
            Assert.All(group.Loops, loop => Assert.Equal(3, loop.GetStatistics().OwnedFileDescriptors));
            Assert.Equal(1, acceptor.GetStatistics().OperationsInFlight);
        }
        finally
        {
            await enumerator.DisposeAsync();
            foreach (LoopConnection connection in accepted)
            {
                await connection.DisposeAsync();
            }

            foreach (Socket client in clients)
            {
                client.Dispose();
            }
        }

        Assert.All(group.Loops, loop => Assert.Equal(1, loop.GetStatistics().OwnedFileDescriptors));
        Assert.Equal(0, acceptor.GetStatistics().OperationsInFlight);
    }
}
