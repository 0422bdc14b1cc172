using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using static Uring.Tests.Async.ConnectionFixtures;

namespace Uring.Tests.Async;

/// <summary>
/// Copy-free receives into the loop's provided-buffer ring: <see cref="LoopConnection.ReceiveProvidedAsync"/> and the
/// provided-buffer <see cref="LoopDuplexPipe"/> input. Every test checks the real bytes (checksums) and that every lent
/// buffer came back.
/// </summary>
public sealed class ProvidedBufferReceiveTests
{
    [Fact]
    public async Task Echo_over_provided_buffer_receives_delivers_every_byte_and_returns_every_buffer()
    {
        await using EventLoop loop = LoopFixtures.Start(new EventLoopOptions { Entries = 64, ProvidedBufferSize = 1024, ProvidedBufferCount = 64 });
        using Socket listener = Listen();
        (LoopConnection client, LoopConnection server) = await PairAsync(listener, loop, loop);
        byte[] data = RandomBytes(1 << 20, seed: 1);

        // The server sends each received buffer straight back from the kernel's memory (the send pins it), then returns it.
        Task echo = loop.RunAsync(async () =>
        {
            while (true)
            {
                LentBuffer received = await server.ReceiveProvidedAsync();
                if (received.IsEmpty)
                {
                    break;
                }

                await server.SendAsync(received.Memory);
                received.Return();
            }

            await server.ShutdownAsync();
        });
        Task send = loop.RunAsync(() => SendInChunksAsync(client, data, seed: 2));
        byte[] back = await loop.RunAsync(() => ReceiveAllProvidedAsync(client)).Bounded();
        await Task.WhenAll(echo, send).Bounded();

        Assert.Equal(data.Length, back.Length);
        Assert.Equal(Checksum(data), Checksum(back));
        ProvidedBufferPool pool = loop.ProvidedBuffersIfCreated!;
        Assert.Equal(0, loop.GetStatistics().ProvidedBuffersLent);
        LoopFixtures.Eventually(() => pool.Group.ProvidedCount == 64, "every buffer is back in the ring");
        Assert.Equal(0, pool.Group.MemoryHolds);
        await client.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Thirty_two_pipes_share_one_group_of_sixteen_buffers_and_every_echo_is_exact()
    {
        const int Connections = 32;
        const int Bytes = 48 * 1024;
        await using EventLoop loop = LoopFixtures.Start(new EventLoopOptions { Entries = 256, ProvidedBufferSize = 512, ProvidedBufferCount = 16 });
        using Socket listener = Listen(Connections);
        Task[] servers = new Task[Connections];
        Task<byte[]>[] clients = new Task<byte[]>[Connections];
        byte[][] sent = new byte[Connections][];
        for (int i = 0; i < Connections; i++)
        {
            (LoopConnection client, LoopConnection server) = await PairAsync(listener, loop, loop);
            LoopDuplexPipe serverPipe = LoopDuplexPipe.Start(server);
            LoopDuplexPipe clientPipe = LoopDuplexPipe.Start(client);
            sent[i] = RandomBytes(Bytes, seed: 100 + i);
            byte[] data = sent[i];
            servers[i] = loop.RunAsync(() => EchoPipeAsync(serverPipe));
            clients[i] = loop.RunAsync(() => ExchangeThroughPipeAsync(clientPipe, data));
        }

        byte[][] received = await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        await Task.WhenAll(servers).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        for (int i = 0; i < Connections; i++)
        {
            Assert.Equal(Bytes, received[i].Length);
            Assert.Equal(Checksum(sent[i]), Checksum(received[i]));
        }

        // One group served them all, fewer buffers than connections; all of them are back.
        ProvidedBufferPool pool = loop.ProvidedBuffersIfCreated!;
        Assert.Equal(16, pool.BufferCount);
        Assert.Equal(ProvidedBufferPool.GroupId, pool.Group.GroupId);
        Assert.Equal(0, loop.GetStatistics().ProvidedBuffersLent);
        LoopFixtures.Eventually(() => pool.Group.ProvidedCount == 16, "every buffer is back in the ring");
        Assert.Equal(1, loop.GetStatistics().OwnedFileDescriptors);
        Assert.Equal(0, loop.GetStatistics().OperationsInFlight);
    }

    [Fact]
    public async Task A_tiny_group_recovers_from_ENOBUFS_by_arming_again_as_buffers_come_back()
    {
        await using EventLoop loop = LoopFixtures.Start(new EventLoopOptions { Entries = 64, ProvidedBufferSize = 64, ProvidedBufferCount = 2 });
        using Socket listener = Listen();
        (LoopConnection client, LoopConnection server) = await PairAsync(listener, loop, loop);
        byte[] data = RandomBytes(256 * 1024, seed: 3);

        Task send = loop.RunAsync(() => SendInChunksAsync(client, data, seed: 4));
        byte[] back = await loop.RunAsync(() => ReceiveAllProvidedAsync(server)).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        await send.Bounded();

        Assert.Equal(Checksum(data), Checksum(back));
        ProvidedReceiver receiver = server.ProvidedReceiver!;

        // 256 KiB through two 64-byte buffers: the kernel ended the multishot receive with ENOBUFS (no F_MORE) many
        // times, and each time it was armed again once a buffer came back.
        Assert.True(receiver.Arms > 100, $"armed {receiver.Arms} times");
        Assert.Equal(0, loop.GetStatistics().ProvidedBuffersLent);
        await client.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Multishot_receives_the_kernel_ends_on_a_full_CQ_are_armed_again_and_lose_no_byte()
    {
        const int Connections = 16;
        const int Rounds = 40;

        // A CQ of 4 entries and 16 connections receiving at once: the kernel cannot post every completion, so it ends
        // multishot receives with their last bytes and no F_MORE (the final completion goes to the overflow list).
        await using EventLoop loop = LoopFixtures.Start(new EventLoopOptions { Entries = 2, ProvidedBufferSize = 256, ProvidedBufferCount = 1024 });
        await using EventLoop senderLoop = LoopFixtures.Start();
        using Socket listener = Listen(Connections);
        LoopConnection[] clients = new LoopConnection[Connections];
        LoopConnection[] servers = new LoopConnection[Connections];
        for (int i = 0; i < Connections; i++)
        {
            (clients[i], servers[i]) = await PairAsync(listener, senderLoop, loop);
        }

        byte[][] sent = new byte[Connections][];
        Task<byte[]>[] receiving = new Task<byte[]>[Connections];
        for (int i = 0; i < Connections; i++)
        {
            sent[i] = RandomBytes(Rounds * 100, seed: 200 + i);
            LoopConnection server = servers[i];
            receiving[i] = loop.RunAsync(() => ReceiveAllProvidedAsync(server));
        }

        // Every round, each connection gets 100 bytes at about the same moment.
        await senderLoop.RunAsync(async () =>
        {
            for (int round = 0; round < Rounds; round++)
            {
                for (int i = 0; i < Connections; i++)
                {
                    await clients[i].SendAsync(sent[i].AsMemory(round * 100, 100));
                }

                await senderLoop.DelayAsync(TimeSpan.FromMilliseconds(1));
            }

            foreach (LoopConnection client in clients)
            {
                await client.ShutdownAsync();
            }
        }).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        byte[][] received = await Task.WhenAll(receiving).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        for (int i = 0; i < Connections; i++)
        {
            Assert.Equal(Checksum(sent[i]), Checksum(received[i]));
        }

        int endsAfterData = servers.Sum(server => server.ProvidedReceiver!.EndsAfterData);
        Assert.True(endsAfterData > 0, "the kernel never ended a multishot receive with bytes: the CQ never filled");
        Assert.True(servers.Sum(server => server.ProvidedReceiver!.Arms) >= Connections + endsAfterData);
        foreach (LoopConnection connection in clients.Concat(servers))
        {
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_reader_that_holds_every_buffer_still_gets_the_next_bytes_through_a_fallback_receive()
    {
        await using EventLoop loop = LoopFixtures.Start(new EventLoopOptions { Entries = 64, ProvidedBufferSize = 64, ProvidedBufferCount = 2 });
        using Socket listener = Listen();
        (LoopConnection client, LoopConnection server) = await PairAsync(listener, loop, loop);
        byte[] data = RandomBytes(1000, seed: 5);
        await client.SendAsync(data).Bounded();

        // Hold both buffers of the group, then ask for more: without a fallback this would wait forever.
        using MemoryStream all = new();
        LentBuffer first = await ReceiveAtLeastOneByteAsync(server);
        LentBuffer second = await ReceiveAtLeastOneByteAsync(server);
        LentBuffer third = await ReceiveAtLeastOneByteAsync(server);
        foreach (LentBuffer held in new[] { first, second, third })
        {
            all.Write(held.Span);
        }

        Assert.True(server.ProvidedReceiver!.FallbackReceives >= 1);
        Assert.Equal(3, loop.GetStatistics().ProvidedBuffersLent);
        first.Return();
        second.Return();
        third.Return();
        await client.ShutdownAsync().Bounded();
        while (true)
        {
            LentBuffer next = await server.ReceiveProvidedAsync().Bounded();
            if (next.IsEmpty)
            {
                break;
            }

            all.Write(next.Span);
            next.Return();
        }

        Assert.Equal(data, all.ToArray());

        // Returned on this thread (not the loop's): the loop recycles them on its next turn.
        LoopFixtures.Eventually(() => loop.GetStatistics().ProvidedBuffersLent == 0, "every buffer returned");
        await client.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Buffers_returned_from_other_threads_go_back_to_the_ring_and_a_second_return_throws()
    {
        await using EventLoop loop = LoopFixtures.Start(new EventLoopOptions { Entries = 64, ProvidedBufferSize = 256, ProvidedBufferCount = 8 });
        using Socket listener = Listen();
        (LoopConnection client, LoopConnection server) = await PairAsync(listener, loop, loop);
        byte[] data = RandomBytes(512 * 1024, seed: 6);
        Task send = loop.RunAsync(() => SendInChunksAsync(client, data, seed: 7));

        // Received here (off the loop) and returned from thread-pool threads, many at once.
        byte[] back = new byte[data.Length];
        int total = 0;
        Task[] returns = new Task[4096];
        int returnCount = 0;
        LentBuffer last = default;
        while (total < data.Length)
        {
            LentBuffer buffer = await server.ReceiveProvidedAsync().Bounded();
            Assert.False(buffer.IsEmpty);
            buffer.Span.CopyTo(back.AsSpan(total));
            total += buffer.Length;
            last = buffer;
            if (returnCount == returns.Length)
            {
                await Task.WhenAll(returns).Bounded();
                returnCount = 0;
            }

            returns[returnCount++] = Task.Run(buffer.Return, TestContext.Current.CancellationToken);
        }

        await Task.WhenAll(returns.Take(returnCount)).Bounded();
        await send.Bounded();
        Assert.Equal(Checksum(data), Checksum(back));

        InvalidOperationException twice = Assert.Throws<InvalidOperationException>(last.Return);
        Assert.Contains("returned already", twice.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => last.Memory);
        ProvidedBufferPool pool = loop.ProvidedBuffersIfCreated!;
        LoopFixtures.Eventually(() => loop.GetStatistics().ProvidedBuffersLent == 0, "every buffer returned");
        LoopFixtures.Eventually(() => pool.Group.ProvidedCount == 8, "every buffer is back in the ring");
        await client.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Shutting_the_loop_down_with_buffers_lent_keeps_them_readable_and_their_late_return_frees_the_memory()
    {
        EventLoop loop = LoopFixtures.Start(new EventLoopOptions { Entries = 64, ProvidedBufferSize = 256, ProvidedBufferCount = 8 });
        using Socket listener = Listen();
        (LoopConnection client, LoopConnection server) = await PairAsync(listener, loop, loop);
        byte[] data = RandomBytes(512, seed: 8);
        await client.SendAsync(data).Bounded();
        LentBuffer first = await ReceiveAtLeastOneByteAsync(server);
        byte[] firstBytes = first.Span.ToArray();
        LentBuffer second = await ReceiveAtLeastOneByteAsync(server);
        Assert.True(loop.GetStatistics().NativeBytes >= 8 * 256);

        await loop.DisposeAsync().AsTask().Bounded();

        // The ring is gone; the two lent buffers' memory is not.
        EventLoopStatistics afterShutdown = loop.GetStatistics();
        Assert.Equal(2, afterShutdown.ProvidedBuffersLent);
        Assert.Equal(8 * 256, afterShutdown.NativeBytes);
        Assert.True(first.Span.SequenceEqual(firstBytes));
        Assert.True(data.AsSpan().StartsWith(firstBytes));

        // A late return, from this thread, after the loop thread ended: harmless, and the last one frees the memory.
        first.Return();
        Assert.Equal(8 * 256, loop.GetStatistics().NativeBytes);
        Assert.Equal(1, loop.GetStatistics().ProvidedBuffersLent);
        second.Return();
        LoopFixtures.AssertNothingLeft(loop.GetStatistics());
        Assert.Equal(0, loop.GetStatistics().ProvidedBuffersLent);
        Assert.Throws<InvalidOperationException>(second.Return);
        Assert.True(loop.ProvidedBuffersIfCreated!.Group.IsSlabFreed);
    }

    [Fact]
    public async Task A_pipe_holding_unread_bytes_at_shutdown_gives_them_back_when_its_input_completes()
    {
        EventLoop loop = LoopFixtures.Start(new EventLoopOptions { Entries = 64, ProvidedBufferSize = 256, ProvidedBufferCount = 8 });
        using Socket listener = Listen();
        (LoopConnection client, LoopConnection server) = await PairAsync(listener, loop, loop);
        LoopDuplexPipe pipe = LoopDuplexPipe.Start(server);
        await client.SendAsync(RandomBytes(1000, seed: 9)).Bounded();
        LoopFixtures.Eventually(() => loop.GetStatistics().ProvidedBuffersLent >= 4, "the pipe holds the bytes");

        await loop.DisposeAsync().AsTask().Bounded();
        Assert.True(loop.GetStatistics().ProvidedBuffersLent >= 4);
        Assert.Equal(8 * 256, loop.GetStatistics().NativeBytes);

        await pipe.DisposeAsync().AsTask().Bounded();
        LoopFixtures.AssertNothingLeft(loop.GetStatistics());
        Assert.Equal(0, loop.GetStatistics().ProvidedBuffersLent);
    }

    [Fact]
    public async Task A_pipe_that_is_not_read_pauses_receiving_at_MaxReadBufferSize_and_resumes_when_read()
    {
        await using EventLoop loop = LoopFixtures.Start(new EventLoopOptions { Entries = 64, ProvidedBufferSize = 1024, ProvidedBufferCount = 256 });
        using Socket listener = Listen();
        (LoopConnection client, LoopConnection server) = await PairAsync(listener, loop, loop);
        LoopDuplexPipe pipe = LoopDuplexPipe.Start(server, new LoopDuplexPipeOptions { MaxReadBufferSize = 16 * 1024 });
        byte[] data = RandomBytes(1 << 20, seed: 10);
        Task send = loop.RunAsync(() => SendInChunksAsync(client, data, seed: 11));

        // Nobody reads: receiving stops near 16 KiB (a few buffers more may land before the cancel does).
        LoopFixtures.Eventually(() => loop.GetStatistics().ProvidedBuffersLent >= 16, "the pipe filled up");
        await Task.Delay(200, TestContext.Current.CancellationToken);
        int held = loop.GetStatistics().ProvidedBuffersLent;
        Assert.InRange(held, 16, 64);

        byte[] back = await ReadAllAsync(pipe.Input, data.Length).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        await send.Bounded();
        Assert.Equal(Checksum(data), Checksum(back));
        await pipe.DisposeAsync().AsTask().Bounded();
        LoopFixtures.Eventually(() => loop.GetStatistics().ProvidedBuffersLent == 0, "every buffer returned (from this thread, recycled by the loop)");
    }

    [Fact]
    public async Task Idle_pipes_hold_no_receive_memory()
    {
        await using EventLoop loop = LoopFixtures.Start(new EventLoopOptions { Entries = 64, ProvidedBufferSize = 1024, ProvidedBufferCount = 8 });
        using Socket listener = Listen();
        LoopDuplexPipe[] pipes = new LoopDuplexPipe[16];
        LoopConnection[] peers = new LoopConnection[16];
        for (int i = 0; i < pipes.Length; i++)
        {
            (peers[i], LoopConnection server) = await PairAsync(listener, loop, loop);
            pipes[i] = LoopDuplexPipe.Start(server);
        }

        // Sixteen armed receives, eight buffers, no bytes: every buffer stays in the ring.
        LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 16, "every pipe's receive is armed");
        Assert.Equal(0, loop.GetStatistics().ProvidedBuffersLent);
        Assert.Equal(8, loop.ProvidedBuffersIfCreated!.Group.ProvidedCount);

        // One of them gets bytes; the others still hold nothing.
        await peers[3].SendAsync("ping"u8.ToArray()).Bounded();
        ReadResult result = await pipes[3].Input.ReadAsync().Bounded();
        Assert.Equal("ping"u8.ToArray(), result.Buffer.ToArray());
        Assert.Equal(1, loop.GetStatistics().ProvidedBuffersLent);
        pipes[3].Input.AdvanceTo(result.Buffer.End);
        LoopFixtures.Eventually(() => loop.GetStatistics().ProvidedBuffersLent == 0, "every buffer returned (from this thread, recycled by the loop)");

        for (int i = 0; i < pipes.Length; i++)
        {
            await pipes[i].DisposeAsync().AsTask().Bounded();
            await peers[i].DisposeAsync().AsTask().Bounded();
        }

        Assert.Equal(0, loop.GetStatistics().OperationsInFlight);
    }

    [Fact]
    public async Task A_reset_completes_the_provided_buffer_input_with_a_SocketException()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket listener = Listen();
        (LoopConnection client, LoopConnection server) = await PairAsync(listener, loop, loop);
        LoopDuplexPipe pipe = LoopDuplexPipe.Start(server);
        using (Socket peer = new(new SafeSocketHandle(client.FileDescriptor, ownsHandle: false)))
        {
            peer.LingerState = new LingerOption(true, 0);
        }

        await client.DisposeAsync().AsTask().Bounded();
        SocketException reset = await Assert.ThrowsAsync<SocketException>(async () =>
        {
            while (true)
            {
                ReadResult result = await pipe.Input.ReadAsync().AsTask().Bounded();
                pipe.Input.AdvanceTo(result.Buffer.End);
                Assert.False(result.IsCompleted, "the input ended cleanly instead of with the reset");
            }
        });
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
        await pipe.DisposeAsync().AsTask().Bounded();
        LoopFixtures.Eventually(() => loop.GetStatistics().ProvidedBuffersLent == 0, "every buffer returned (from this thread, recycled by the loop)");
    }

    [Fact]
    public async Task Receives_into_provided_buffers_and_into_own_memory_do_not_mix_on_one_connection()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket listener = Listen();
        (LoopConnection client, LoopConnection server) = await PairAsync(listener, loop, loop);
        LoopDuplexPipe pipe = LoopDuplexPipe.Start(server);
        Assert.Throws<InvalidOperationException>(() => server.ReceiveAsync(new byte[8]));
        Assert.Throws<InvalidOperationException>(() => server.ReceiveProvidedAsync());
        await pipe.DisposeAsync().AsTask().Bounded();
        await client.DisposeAsync().AsTask().Bounded();
    }

    [Fact]
    public async Task A_cancelled_ReceiveProvidedAsync_throws_and_the_next_one_gets_the_bytes()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket listener = Listen();
        (LoopConnection client, LoopConnection server) = await PairAsync(listener, loop, loop);
        using CancellationTokenSource cancel = new();
        ValueTask<LentBuffer> waiting = server.ReceiveProvidedAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.Bounded());

        await client.SendAsync("after"u8.ToArray()).Bounded();
        LentBuffer received = await server.ReceiveProvidedAsync().Bounded();
        Assert.Equal("after"u8.ToArray(), received.Span.ToArray());
        received.Return();

        // Disposing the connection aborts a waiting receive, as for ReceiveAsync.
        ValueTask<LentBuffer> aborted = server.ReceiveProvidedAsync();
        await server.DisposeAsync().AsTask().Bounded();
        SocketException e = await Assert.ThrowsAsync<SocketException>(() => aborted.Bounded());
        Assert.Equal(SocketError.OperationAborted, e.SocketErrorCode);
        Assert.Throws<ObjectDisposedException>(() => server.ReceiveProvidedAsync());
        await client.DisposeAsync().AsTask().Bounded();
        LoopFixtures.Eventually(() => loop.GetStatistics().ProvidedBuffersLent == 0, "every buffer returned (from this thread, recycled by the loop)");
    }

    [Fact]
    public async Task A_pipe_whose_application_runs_on_the_thread_pool_echoes_exactly_and_returns_every_buffer()
    {
        await using EventLoop loop = LoopFixtures.Start(new EventLoopOptions { Entries = 64, ProvidedBufferSize = 512, ProvidedBufferCount = 32 });
        using Socket listener = Listen();
        (LoopConnection client, LoopConnection server) = await PairAsync(listener, loop, loop);
        LoopDuplexPipeOptions offLoop = new() { ApplicationScheduler = PipeScheduler.ThreadPool };
        LoopDuplexPipe serverPipe = LoopDuplexPipe.Start(server, offLoop);
        LoopDuplexPipe clientPipe = LoopDuplexPipe.Start(client, offLoop);
        byte[] data = RandomBytes(300 * 1024, seed: 12);

        // Reads, AdvanceTo (so returns) and writes all happen on thread-pool threads, never on the loop.
        Task echo = Task.Run(() => EchoPipeAsync(serverPipe), TestContext.Current.CancellationToken);
        byte[] back = await Task.Run(() => ExchangeThroughPipeAsync(clientPipe, data), TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        await echo.Bounded();

        Assert.Equal(Checksum(data), Checksum(back));
        LoopFixtures.Eventually(() => loop.GetStatistics().ProvidedBuffersLent == 0, "every buffer returned");
        LoopFixtures.Eventually(() => loop.ProvidedBuffersIfCreated!.Group.ProvidedCount == 32, "every buffer is back in the ring");
    }

    [Fact]
    public async Task A_pipe_read_cancelled_by_its_token_throws_and_CancelPendingRead_returns_a_cancelled_result()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket listener = Listen();
        (LoopConnection client, LoopConnection server) = await PairAsync(listener, loop, loop);
        LoopDuplexPipe pipe = LoopDuplexPipe.Start(server);

        using (CancellationTokenSource cancel = new())
        {
            ValueTask<ReadResult> waiting = pipe.Input.ReadAsync(cancel.Token);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.Bounded());
        }

        ValueTask<ReadResult> pending = pipe.Input.ReadAsync();
        pipe.Input.CancelPendingRead();
        ReadResult cancelled = await pending.Bounded();
        Assert.True(cancelled.IsCanceled);
        Assert.True(cancelled.Buffer.IsEmpty);
        pipe.Input.AdvanceTo(cancelled.Buffer.Start);

        // A cancel with no read waiting applies to the next read, which returns at once.
        pipe.Input.CancelPendingRead();
        Assert.True((await pipe.Input.ReadAsync().Bounded()).IsCanceled);
        pipe.Input.AdvanceTo(cancelled.Buffer.Start);

        await client.SendAsync("still here"u8.ToArray()).Bounded();
        ReadResult data = await pipe.Input.ReadAsync().Bounded();
        Assert.False(data.IsCanceled);
        Assert.Equal("still here"u8.ToArray(), data.Buffer.ToArray());
        Assert.Throws<InvalidOperationException>(() => pipe.Input.ReadAsync());
        pipe.Input.AdvanceTo(data.Buffer.End);
        await pipe.DisposeAsync().AsTask().Bounded();
        await client.DisposeAsync().AsTask().Bounded();
        LoopFixtures.Eventually(() => loop.GetStatistics().ProvidedBuffersLent == 0, "every buffer returned");
    }

    [Fact]
    public async Task Steady_state_ReceiveProvidedAsync_round_trips_on_the_loop_allocate_nothing()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket listener = Listen();
        (LoopConnection client, LoopConnection server) = await PairAsync(listener, loop, loop);
        ReadOnlyMemory<byte> message = new byte[64];

        long allocated = await loop.RunAsync(async () =>
        {
            async ValueTask RoundTrips(int count)
            {
                for (int i = 0; i < count; i++)
                {
                    await client.SendAsync(message);
                    int got = 0;
                    while (got < 64)
                    {
                        LentBuffer request = await server.ReceiveProvidedAsync();
                        got += request.Length;
                        await server.SendAsync(request.Memory);
                        request.Return();
                    }

                    got = 0;
                    while (got < 64)
                    {
                        LentBuffer response = await client.ReceiveProvidedAsync();
                        got += response.Length;
                        response.Return();
                    }
                }
            }

            await RoundTrips(2_000);
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
        await client.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public void The_provided_buffer_options_are_validated_and_name_the_option()
    {
        Assert.Equal("ProvidedBufferSize", Assert.Throws<ArgumentOutOfRangeException>(() => new EventLoopOptions { ProvidedBufferSize = 0 }.Validate()).ParamName);
        Assert.Equal("ProvidedBufferCount", Assert.Throws<ArgumentOutOfRangeException>(() => new EventLoopOptions { ProvidedBufferCount = 0 }.Validate()).ParamName);
        Assert.Equal("ProvidedBufferCount", Assert.Throws<ArgumentOutOfRangeException>(() => new EventLoopOptions { ProvidedBufferCount = 32769 }.Validate()).ParamName);
        Assert.Equal(
            "ProvidedBufferCount",
            Assert.Throws<ArgumentOutOfRangeException>(() => new EventLoopOptions { ProvidedBufferSize = 1 << 20, ProvidedBufferCount = 4096 }.Validate()).ParamName);
        new EventLoopOptions { ProvidedBufferSize = 1 << 20, ProvidedBufferCount = 1024 }.Validate();
    }

    /// <summary>Sends <paramref name="data"/> in pseudo-random chunks, then a FIN.</summary>
    private static async Task SendInChunksAsync(LoopConnection connection, byte[] data, int seed)
    {
        Random random = new(seed);
        int sent = 0;
        while (sent < data.Length)
        {
            int chunk = Math.Min(random.Next(1, 16 * 1024), data.Length - sent);
            await connection.SendAsync(data.AsMemory(sent, chunk));
            sent += chunk;
        }

        await connection.ShutdownAsync();
    }

    /// <summary>Everything until the peer's FIN, through <see cref="LoopConnection.ReceiveProvidedAsync"/>, returning each buffer.</summary>
    private static async Task<byte[]> ReceiveAllProvidedAsync(LoopConnection connection)
    {
        using MemoryStream all = new();
        while (true)
        {
            LentBuffer buffer = await connection.ReceiveProvidedAsync();
            if (buffer.IsEmpty)
            {
                return all.ToArray();
            }

            all.Write(buffer.Span);
            buffer.Return();
        }
    }

    private static async Task<LentBuffer> ReceiveAtLeastOneByteAsync(LoopConnection connection)
    {
        LentBuffer buffer = await connection.ReceiveProvidedAsync().Bounded();
        Assert.False(buffer.IsEmpty);
        Assert.True(buffer.Length > 0);
        return buffer;
    }

    /// <summary>Echoes bytes back until the peer's FIN, then completes the output.</summary>
    private static async Task EchoPipeAsync(LoopDuplexPipe pipe)
    {
        await using (pipe)
        {
            while (true)
            {
                ReadResult result = await pipe.Input.ReadAsync();
                foreach (ReadOnlyMemory<byte> segment in result.Buffer)
                {
                    pipe.Output.Write(segment.Span);
                }

                pipe.Input.AdvanceTo(result.Buffer.End);
                await pipe.Output.FlushAsync();
                if (result.IsCompleted)
                {
                    await pipe.Output.CompleteAsync();
                    return;
                }
            }
        }
    }

    /// <summary>Writes <paramref name="data"/> in chunks while reading the echo, then FIN; returns what came back.</summary>
    private static async Task<byte[]> ExchangeThroughPipeAsync(LoopDuplexPipe pipe, byte[] data)
    {
        await using (pipe)
        {
            Task<byte[]> reading = ReadAllAsync(pipe.Input, data.Length);
            for (int sent = 0; sent < data.Length; sent += 3000)
            {
                await pipe.Output.WriteAsync(data.AsMemory(sent, Math.Min(3000, data.Length - sent)));
            }

            byte[] back = await reading;
            await pipe.Output.CompleteAsync();
            return back;
        }
    }

    /// <summary>Reads <paramref name="length"/> bytes, consuming a few bytes less than everything now and then (partial AdvanceTo).</summary>
    private static async Task<byte[]> ReadAllAsync(PipeReader input, int length)
    {
        byte[] back = new byte[length];
        int got = 0;
        bool partial = false;
        while (got < length)
        {
            ReadResult result = await input.ReadAsync();
            ReadOnlySequence<byte> buffer = result.Buffer;
            long take = Math.Min(buffer.Length, length - got);
            if (partial && take > 7 && got + take < length)
            {
                take -= 7; // leave some bytes for the next read, which then starts in the middle of a buffer
            }

            partial = !partial;
            buffer.Slice(0, take).CopyTo(back.AsSpan(got));
            got += (int)take;
            input.AdvanceTo(buffer.GetPosition(take), buffer.End);
            Assert.False(result.IsCompleted && got < length, "the input ended early");
        }

        return back;
    }
}
