using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using static Uring.Tests.Async.ConnectionFixtures;

namespace Uring.Tests.Async;

/// <summary>The connection <see cref="Stream"/>: echo, CopyToAsync, cancellation, disposal, the Stream contract.</summary>
public sealed class LoopConnectionStreamTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(4096)]
    [InlineData(65_543)]
    [InlineData(1024 * 1024)]
    public async Task Stream_echo_over_tcp_loopback_returns_every_byte(int size)
    {
        await using EventLoopGroup group = new(2, new EventLoopOptions { Entries = 64 });
        using Socket listener = Listen();
        (LoopConnection clientConnection, LoopConnection serverConnection) = await PairAsync(listener, group.Loops[0], group.Loops[1]);
        await using LoopConnectionStream client = new(clientConnection);
        await using LoopConnectionStream server = new(serverConnection);
        byte[] data = RandomBytes(size, size);

        // The server echoes on its loop until the client's FIN, then sends its own.
        Task echo = group.Loops[1].RunAsync(async () =>
        {
            byte[] buffer = new byte[8192];
            int read;
            while ((read = await server.ReadAsync(buffer)) > 0)
            {
                await server.WriteAsync(buffer.AsMemory(0, read));
            }

            await server.Connection.ShutdownAsync();
        });

        // The client writes and reads at once (1 MiB does not fit the socket buffers).
        Task<byte[]> back = group.Loops[0].RunAsync(() => ReadToEndAsync(client));
        await group.Loops[0].RunAsync(async () =>
        {
            for (int offset = 0; offset < size; offset += 100_000)
            {
                await client.WriteAsync(data.AsMemory(offset, Math.Min(100_000, size - offset)));
            }

            await client.Connection.ShutdownAsync(SocketShutdown.Send);
        }).Bounded();

        byte[] echoed = await back.Bounded();
        await echo.Bounded();
        Assert.Equal(size, echoed.Length);
        Assert.Equal(Checksum(data), Checksum(echoed));
        Assert.True(data.AsSpan().SequenceEqual(echoed));
    }

    [Fact]
    public async Task CopyToAsync_moves_everything_from_one_connection_to_another()
    {
        await using EventLoopGroup group = new(2, new EventLoopOptions { Entries = 64 });
        using Socket listener = Listen();
        (LoopConnection sender, LoopConnection proxyIn) = await PairAsync(listener, group.Loops[0], group.Loops[1]);
        (LoopConnection proxyOut, LoopConnection receiver) = await PairAsync(listener, group.Loops[1], group.Loops[0]);
        await using LoopConnectionStream senderStream = new(sender);
        await using LoopConnectionStream proxyInStream = new(proxyIn);
        await using LoopConnectionStream proxyOutStream = new(proxyOut);
        await using LoopConnectionStream receiverStream = new(receiver);
        byte[] data = RandomBytes(3 * 1024 * 1024 + 17, 42);

        Task proxy = group.Loops[1].RunAsync(async () =>
        {
            await proxyInStream.CopyToAsync(proxyOutStream);
            await proxyOut.ShutdownAsync();
        });
        Task<byte[]> received = group.Loops[0].RunAsync(() => ReadToEndAsync(receiverStream));
        await group.Loops[0].RunAsync(async () =>
        {
            await senderStream.WriteAsync(data);
            await sender.ShutdownAsync();
        }).Bounded();

        byte[] arrived = await received.Bounded();
        await proxy.Bounded();
        Assert.Equal(Checksum(data), Checksum(arrived));
        Assert.True(data.AsSpan().SequenceEqual(arrived));
    }

    [Fact]
    public async Task A_cancelled_pending_read_throws_after_its_completion_and_consumes_nothing_while_GCs_run()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket listener = Listen();
        (LoopConnection clientConnection, LoopConnection serverConnection) = await PairAsync(listener, loop, loop);
        await using LoopConnectionStream client = new(clientConnection);
        await using LoopConnectionStream server = new(serverConnection);
        using CancellationTokenSource cancel = new();

        // A buffer the GC could move if it were not pinned: allocated among garbage, pinned only by the operation.
        ValueTask<int> pending = ReadIntoFreshBuffer(server, cancel.Token);
        LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 1, "the read is in flight");
        for (int i = 0; i < 3; i++)
        {
            _ = new byte[100_000];
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        Assert.False(pending.IsCompleted);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.Bounded());
        Assert.Equal(0, loop.GetStatistics().OperationsInFlight);

        // Nothing was consumed: the next read gets the bytes sent now, all of them.
        await client.WriteAsync("after"u8.ToArray()).Bounded();
        byte[] buffer = new byte[16];
        Assert.Equal(5, await server.ReadAsync(buffer).Bounded());
        Assert.Equal("after"u8.ToArray(), buffer[..5]);

        static ValueTask<int> ReadIntoFreshBuffer(LoopConnectionStream stream, CancellationToken token)
        {
            for (int i = 0; i < 100; i++)
            {
                _ = new byte[1000];
            }

            return stream.ReadAsync(new byte[64], token);
        }
    }

    [Fact]
    public async Task A_read_pending_when_the_stream_is_disposed_fails_with_an_IOException_and_later_calls_with_ObjectDisposedException()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket listener = Listen();
        (LoopConnection clientConnection, LoopConnection serverConnection) = await PairAsync(listener, loop, loop);
        await using LoopConnectionStream client = new(clientConnection);
        LoopConnectionStream server = new(serverConnection);

        ValueTask<int> pending = server.ReadAsync(new byte[16]);
        LoopFixtures.Eventually(() => loop.GetStatistics().OperationsInFlight == 1, "the read is in flight");
        await server.DisposeAsync().AsTask().Bounded();

        IOException error = await Assert.ThrowsAsync<IOException>(() => pending.Bounded());
        SocketException inner = Assert.IsType<SocketException>(error.InnerException);
        Assert.Equal(SocketError.OperationAborted, inner.SocketErrorCode);
        Assert.True(serverConnection.Closed.IsCompleted);

        Assert.False(server.CanRead);
        Assert.False(server.CanWrite);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => _ = await server.ReadAsync(new byte[1]));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await server.WriteAsync(new byte[1]));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await serverConnection.ReceiveAsync(new byte[1]));

        // The peer sees the close as end of stream.
        Assert.Equal(0, await client.ReadAsync(new byte[1]).Bounded());
    }

    [Fact]
    public async Task A_zero_byte_read_waits_for_data_without_consuming_it()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket listener = Listen();
        (LoopConnection clientConnection, LoopConnection serverConnection) = await PairAsync(listener, loop, loop);
        await using LoopConnectionStream client = new(clientConnection);
        await using LoopConnectionStream server = new(serverConnection);

        ValueTask<int> waiting = server.ReadAsync(Memory<byte>.Empty);
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);
        await client.WriteAsync("xyz"u8.ToArray()).Bounded();
        Assert.Equal(0, await waiting.Bounded());

        byte[] buffer = new byte[8];
        Assert.Equal(3, await server.ReadAsync(buffer).Bounded());
        Assert.Equal("xyz"u8.ToArray(), buffer[..3]);
    }

    [Fact]
    public async Task Synchronous_read_and_write_block_off_the_loop_and_throw_on_it()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket listener = Listen();
        (LoopConnection clientConnection, LoopConnection serverConnection) = await PairAsync(listener, loop, loop);
        await using LoopConnectionStream client = new(clientConnection);
        await using LoopConnectionStream server = new(serverConnection);

        await Task.Run(() =>
        {
            client.Write("sync"u8);
            client.WriteByte((byte)'!');
            byte[] buffer = new byte[5];
            int total = 0;
            while (total < 5)
            {
                total += server.Read(buffer, total, 5 - total);
            }

            Assert.Equal("sync!"u8.ToArray(), buffer);
        }, TestContext.Current.CancellationToken).Bounded();

        await loop.RunAsync(() =>
        {
            Assert.Throws<InvalidOperationException>(() => server.Read(new byte[1], 0, 1));
            Assert.Throws<InvalidOperationException>(() => client.Write(new byte[1], 0, 1));
            return Task.CompletedTask;
        }).Bounded();
    }

    [Fact]
    public async Task The_stream_contract_no_seek_flush_is_a_no_op_cancelled_tokens_are_honoured()
    {
        await using EventLoop loop = LoopFixtures.Start();
        using Socket listener = Listen();
        (LoopConnection clientConnection, LoopConnection serverConnection) = await PairAsync(listener, loop, loop);
        await using LoopConnectionStream client = new(clientConnection);
        await using LoopConnectionStream server = new(serverConnection);

        Assert.False(client.CanSeek);
        Assert.True(client.CanRead);
        Assert.True(client.CanWrite);
        Assert.Throws<NotSupportedException>(() => client.Length);
        Assert.Throws<NotSupportedException>(() => client.Position);
        Assert.Throws<NotSupportedException>(() => client.Seek(0, SeekOrigin.Begin));
        Assert.Throws<NotSupportedException>(() => client.SetLength(1));
        client.Flush();
        await client.FlushAsync(TestContext.Current.CancellationToken);

        using CancellationTokenSource cancelled = new();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => _ = await server.ReadAsync(new byte[4], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await client.WriteAsync(new byte[4], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.FlushAsync(cancelled.Token));
        Assert.Throws<ArgumentNullException>(() => new LoopConnectionStream(null!));

        // The stream still works after the cancelled calls.
        await client.WriteAsync(new byte[] { 7 }).Bounded();
        byte[] one = new byte[1];
        Assert.Equal(1, await server.ReadAsync(one).Bounded());
        Assert.Equal(7, one[0]);
    }
}
