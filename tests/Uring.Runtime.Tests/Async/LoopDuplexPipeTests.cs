using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Tasks;
using Xunit;
using static Uring.Tests.Async.ConnectionFixtures;

namespace Uring.Tests.Async;

/// <summary>The IDuplexPipe connection: echo at scale, peer close, abort from either side, send errors.</summary>
public sealed class LoopDuplexPipeTests
{
    private const int Connections = 64;
    private const int MessagesPerConnection = 157; // 64 x 157 = 10,048 messages

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Ten_thousand_checksummed_messages_echo_through_pipes_over_64_connections_across_2_loops(bool useProvidedBuffers)
    {
        LoopDuplexPipeOptions options = new() { UseProvidedBuffers = useProvidedBuffers };
        await using EventLoopGroup group = new(2, new EventLoopOptions { Entries = 256 });
        using Socket listener = Listen(Connections);

        Task[] servers = new Task[Connections];
        Task<int>[] clients = new Task<int>[Connections];
        for (int i = 0; i < Connections; i++)
        {
            // Server and client of a connection on different loops; both loops serve and connect.
            EventLoop serverLoop = group.Loops[i % 2];
            EventLoop clientLoop = group.Loops[(i + 1) % 2];
            (LoopConnection client, LoopConnection server) = await PairAsync(listener, clientLoop, serverLoop);
            LoopDuplexPipe serverPipe = LoopDuplexPipe.Start(server, options);
            LoopDuplexPipe clientPipe = LoopDuplexPipe.Start(client, options);
            servers[i] = serverLoop.RunAsync(() => EchoAsync(serverPipe));
            int seed = i;
            clients[i] = clientLoop.RunAsync(() => ClientAsync(clientPipe, seed));
        }

        int[] verified = await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        await Task.WhenAll(servers).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.All(verified, count => Assert.Equal(MessagesPerConnection, count));
        foreach (EventLoop loop in group.Loops)
        {
            EventLoopStatistics statistics = loop.GetStatistics();
            Assert.Equal(0, statistics.OperationsInFlight);
            Assert.Equal(1, statistics.OwnedFileDescriptors); // only the eventfd: every connection was closed
        }
    }

    [Fact]
    public async Task The_peer_closing_its_side_completes_the_reader_after_the_last_bytes()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket listener = Listen();
        (LoopConnection client, LoopConnection server) = await PairAsync(listener, loop, loop);
        LoopDuplexPipe pipe = LoopDuplexPipe.Start(server);
        await using LoopConnectionStream peer = new(client);

        await peer.WriteAsync("last words"u8.ToArray()).Bounded();
        await client.ShutdownAsync().Bounded();

        ReadResult result;
        while (true)
        {
            result = await pipe.Input.ReadAsync().Bounded();
            if (result.IsCompleted)
            {
                break;
            }

            pipe.Input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }

        Assert.Equal("last words"u8.ToArray(), result.Buffer.ToArray());
        pipe.Input.AdvanceTo(result.Buffer.End);

        // Half-closed: the output still reaches the peer, and completing it sends the FIN.
        await pipe.Output.WriteAsync("reply"u8.ToArray()).Bounded();
        await pipe.Output.CompleteAsync().Bounded();
        Assert.Equal("reply"u8.ToArray(), await ReadToEndAsync(peer).Bounded());

        await pipe.DisposeAsync().AsTask().Bounded();
        Assert.True(server.Closed.IsCompleted);
        Assert.True(pipe.Completion.IsCompleted);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Abort_on_one_side_completes_its_input_with_the_reason_and_ends_the_peers_input(bool serverAborts)
    {
        await using EventLoopGroup group = new(2, new EventLoopOptions { Entries = 64 });
        using Socket listener = Listen();
        (LoopConnection client, LoopConnection server) = await PairAsync(listener, group.Loops[0], group.Loops[1]);
        LoopDuplexPipe clientPipe = LoopDuplexPipe.Start(client);
        LoopDuplexPipe serverPipe = LoopDuplexPipe.Start(server);
        (LoopDuplexPipe aborting, LoopDuplexPipe peer) = serverAborts ? (serverPipe, clientPipe) : (clientPipe, serverPipe);

        ValueTask<ReadResult> abortingRead = aborting.Input.ReadAsync();
        ValueTask<ReadResult> peerRead = peer.Input.ReadAsync();
        InvalidOperationException reason = new("this side gives up");
        aborting.Abort(reason);
        aborting.Abort(new InvalidOperationException("a second abort changes nothing"));

        InvalidOperationException seen = await Assert.ThrowsAsync<InvalidOperationException>(async () => await abortingRead.AsTask().Bounded());
        Assert.Same(reason, seen);

        // The peer's input ends: end of stream (the close's FIN) or a reset, never a hang.
        try
        {
            ReadResult ended = await peerRead.AsTask().Bounded();
            Assert.True(ended.IsCompleted);
            peer.Input.AdvanceTo(ended.Buffer.End);
        }
        catch (SocketException e)
        {
            Assert.Equal(SocketError.ConnectionReset, e.SocketErrorCode);
        }

        await aborting.DisposeAsync().AsTask().Bounded();
        await peer.DisposeAsync().AsTask().Bounded();
        Assert.True(server.Closed.IsCompleted);
        Assert.True(client.Closed.IsCompleted);
    }

    /// <remarks>
    /// As with <see cref="Pipe"/>: a read that throws the writer's error is not a read in progress, so the next read (Kestrel
    /// drains the body after a failed read) throws the same error, not "a read is already in progress".
    /// </remarks>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_pending_read_that_throws_the_abort_reason_leaves_no_read_in_progress(bool useProvidedBuffers)
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket listener = Listen();
        (LoopConnection client, LoopConnection server) = await PairAsync(listener, loop, loop);
        LoopDuplexPipe pipe = LoopDuplexPipe.Start(server, new LoopDuplexPipeOptions { UseProvidedBuffers = useProvidedBuffers });
        ValueTask<ReadResult> pending = pipe.Input.ReadAsync();
        InvalidOperationException reason = new("this side gives up");
        pipe.Abort(reason);

        Assert.Same(reason, await Assert.ThrowsAsync<InvalidOperationException>(async () => await pending.AsTask().Bounded()));
        Assert.Same(reason, await Assert.ThrowsAsync<InvalidOperationException>(async () => await pipe.Input.ReadAsync().AsTask().Bounded()));
        Assert.Same(reason, Assert.Throws<InvalidOperationException>(() => pipe.Input.TryRead(out _)));

        await pipe.DisposeAsync().AsTask().Bounded();
        await client.DisposeAsync().AsTask().Bounded();
        Assert.Equal(1, loop.GetStatistics().OwnedFileDescriptors);
    }

    [Fact]
    public async Task Abort_without_a_reason_completes_the_input_with_an_OperationCanceledException()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket listener = Listen();
        (LoopConnection client, LoopConnection server) = await PairAsync(listener, loop, loop);
        LoopDuplexPipe pipe = LoopDuplexPipe.Start(server);
        pipe.Abort();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pipe.Input.ReadAsync().AsTask().Bounded());
        await pipe.DisposeAsync().AsTask().Bounded();
        await client.DisposeAsync().AsTask().Bounded();
        Assert.Equal(1, loop.GetStatistics().OwnedFileDescriptors);
    }

    [Fact]
    public async Task ReceiveCompletion_tells_that_the_peer_closed_while_the_application_does_not_read()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket listener = Listen();
        (LoopConnection client, LoopConnection server) = await PairAsync(listener, loop, loop);
        LoopDuplexPipe pipe = LoopDuplexPipe.Start(server);
        await client.SendAsync("unread"u8.ToArray()).Bounded();
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.False(pipe.ReceiveCompletion.IsCompleted); // still receiving: nobody closed anything

        // The peer leaves; the application never called ReadAsync, and still learns it.
        await client.DisposeAsync().AsTask().Bounded();
        await pipe.ReceiveCompletion.Bounded();

        // What the input holds is intact, then the end.
        ReadResult result = await pipe.Input.ReadAsync().Bounded();
        Assert.True(result.IsCompleted);
        Assert.Equal("unread"u8.ToArray(), result.Buffer.ToArray());
        pipe.Input.AdvanceTo(result.Buffer.End);
        await pipe.DisposeAsync().AsTask().Bounded();
        Assert.Equal(1, loop.GetStatistics().OwnedFileDescriptors);
    }

    [Fact]
    public async Task A_send_error_aborts_the_pipe_input_completes_with_it_and_flush_throws_it()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket listener = Listen();
        (LoopConnection client, LoopConnection server) = await PairAsync(listener, loop, loop);
        LoopDuplexPipe pipe = LoopDuplexPipe.Start(server);

        // The peer resets the connection (SO_LINGER 0 close), so the next sends fail.
        using (Socket peer = new(new SafeSocketHandle(client.FileDescriptor, ownsHandle: false)))
        {
            peer.LingerState = new System.Net.Sockets.LingerOption(true, 0);
        }

        await client.DisposeAsync().AsTask().Bounded();
        byte[] chunk = new byte[64 * 1024];
        Exception? failure = null;
        for (int i = 0; i < 100 && failure is null; i++)
        {
            try
            {
                FlushResult flushed = await pipe.Output.WriteAsync(chunk).AsTask().Bounded();
                if (flushed.IsCompleted)
                {
                    break;
                }
            }
            catch (SocketException e)
            {
                failure = e;
            }

            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        // Input completes with the send's error (or the reset the receive saw first).
        SocketException inputError = await Assert.ThrowsAsync<SocketException>(async () =>
        {
            while (true)
            {
                ReadResult result = await pipe.Input.ReadAsync().AsTask().Bounded();
                pipe.Input.AdvanceTo(result.Buffer.End);
                Assert.False(result.IsCompleted, "the input ended cleanly instead of with the error");
            }
        });
        Assert.True(inputError.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown, inputError.SocketErrorCode.ToString());
        await pipe.DisposeAsync().AsTask().Bounded();
        await server.Closed.Bounded();
    }

    /// <summary>Echoes whole messages back until the peer's FIN (messages framed by a length prefix), then completes.</summary>
    private static async Task EchoAsync(LoopDuplexPipe pipe)
    {
        await using (pipe)
        {
            while (true)
            {
                ReadResult result = await pipe.Input.ReadAsync();
                ReadOnlySequence<byte> buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    foreach (ReadOnlyMemory<byte> segment in buffer)
                    {
                        pipe.Output.Write(segment.Span);
                    }

                    await pipe.Output.FlushAsync();
                }

                pipe.Input.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    await pipe.Output.CompleteAsync();
                    return;
                }
            }
        }
    }

    /// <summary>Sends [length][sequence][payload][checksum] messages and checks each echo byte for byte.</summary>
    private static async Task<int> ClientAsync(LoopDuplexPipe pipe, int seed)
    {
        await using (pipe)
        {
            Random random = new(seed);
            byte[] message = new byte[4 + 4 + 4096 + 4];
            int verified = 0;
            for (int sequence = 0; sequence < MessagesPerConnection; sequence++)
            {
                int payload = random.Next(1, 4096);
                int length = 4 + 4 + payload + 4;
                BinaryPrimitives.WriteInt32LittleEndian(message, length);
                BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(4), sequence);
                random.NextBytes(message.AsSpan(8, payload));
                BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8 + payload), Checksum(message.AsSpan(0, 8 + payload)));
                await pipe.Output.WriteAsync(message.AsMemory(0, length));

                while (true)
                {
                    ReadResult result = await pipe.Input.ReadAsync();
                    ReadOnlySequence<byte> buffer = result.Buffer;
                    if (buffer.Length >= length)
                    {
                        byte[] echo = buffer.Slice(0, length).ToArray();
                        Assert.Equal(length, BinaryPrimitives.ReadInt32LittleEndian(echo));
                        Assert.Equal(sequence, BinaryPrimitives.ReadInt32LittleEndian(echo.AsSpan(4)));
                        Assert.Equal(Checksum(echo.AsSpan(0, 8 + payload)), BinaryPrimitives.ReadUInt32LittleEndian(echo.AsSpan(8 + payload)));
                        Assert.True(message.AsSpan(0, length).SequenceEqual(echo));
                        pipe.Input.AdvanceTo(buffer.GetPosition(length));
                        break;
                    }

                    Assert.False(result.IsCompleted, "the echo ended early");
                    pipe.Input.AdvanceTo(buffer.Start, buffer.End);
                }

                verified++;
            }

            // FIN to the server, whose echo loop then completes its output: our input ends with nothing more.
            await pipe.Output.CompleteAsync();
            ReadResult last = await pipe.Input.ReadAsync();
            Assert.True(last.IsCompleted);
            Assert.True(last.Buffer.IsEmpty);
            pipe.Input.AdvanceTo(last.Buffer.End);
            return verified;
        }
    }
}
