using System;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using static Uring.Tests.Async.ConnectionFixtures;

namespace Uring.Tests.Async;

/// <summary>
/// A pipe whose application runs off the loop (Kestrel's default) sends what it flushes from the flushing thread with a
/// non-blocking send(2), without a hop to the loop; only what the socket cannot take at once goes through the ring.
/// </summary>
public sealed class LoopDuplexPipeDirectSendTests
{
    private static readonly LoopDuplexPipeOptions OffTheLoop = new() { ApplicationScheduler = PipeScheduler.ThreadPool };

    [Fact]
    public async Task A_flush_off_the_loop_reaches_the_peer_while_the_loop_is_busy()
    {
        await using EventLoop loop = LoopFixtures.Start();
        await using EventLoop peerLoop = LoopFixtures.Start();
        using Socket listener = Listen();
        (LoopConnection client, LoopConnection server) = await PairAsync(listener, peerLoop, loop);
        LoopDuplexPipe pipe = LoopDuplexPipe.Start(server, OffTheLoop);
        await using LoopConnectionStream peer = new(client);

        // One exchange first, so the send loop has started and waits for the next flush.
        await pipe.Output.WriteAsync("first"u8.ToArray()).AsTask().Bounded();
        Assert.Equal("first", await ReadExactlyAsync(peer, 5));

        // The loop is held by a work item: nothing it would send can go out until it is released.
        using ManualResetEventSlim release = new();
        TaskCompletionSource held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task holding = loop.RunAsync(() =>
        {
            held.SetResult();
            release.Wait(TestContext.Current.CancellationToken);
            return Task.CompletedTask;
        });
        await held.Task.Bounded();
        try
        {
            Assert.False(loop.IsOnLoopThread);
            await pipe.Output.WriteAsync("second, sent by the flushing thread"u8.ToArray()).AsTask().Bounded();
            Assert.Equal("second, sent by the flushing thread", await ReadExactlyAsync(peer, 35));
        }
        finally
        {
            release.Set();
            await holding.Bounded();
        }

        pipe.Output.Complete();
        await pipe.DisposeAsync().AsTask().Bounded();
        Assert.Equal(0, loop.GetStatistics().OperationsInFlight);
    }

    [Fact]
    public async Task Eight_mebibytes_flushed_off_the_loop_arrive_whole_and_in_order()
    {
        // More than the socket buffer takes at once: the direct send takes a part, the ring sends the rest, in order.
        const int Total = 8 << 20;
        byte[] data = RandomBytes(Total, seed: 42);
        await using EventLoop loop = LoopFixtures.Start();
        await using EventLoop peerLoop = LoopFixtures.Start();
        using Socket listener = Listen();
        (LoopConnection client, LoopConnection server) = await PairAsync(listener, peerLoop, loop);
        LoopDuplexPipe pipe = LoopDuplexPipe.Start(server, OffTheLoop);
        await using LoopConnectionStream peer = new(client);

        Task<byte[]> reading = ReadToEndAsync(peer);
        await Task.Run(async () =>
        {
            // Flushes of mixed sizes, from the thread pool: small ones go out whole, large ones only in part.
            int offset = 0;
            for (int i = 0; offset < Total; i++)
            {
                int length = Math.Min(Total - offset, (i % 3) switch { 0 => 100, 1 => 70_000, _ => 1 << 20 });
                await pipe.Output.WriteAsync(data.AsMemory(offset, length));
                offset += length;
            }

            await pipe.Output.CompleteAsync();
        }).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        byte[] received = await reading.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.Equal(Total, received.Length);
        Assert.Equal(Checksum(data), Checksum(received));
        await pipe.DisposeAsync().AsTask().Bounded();
        Assert.Equal(0, loop.GetStatistics().OperationsInFlight);
    }

    private static async Task<string> ReadExactlyAsync(LoopConnectionStream stream, int count)
    {
        byte[] buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer).AsTask().Bounded();
        return System.Text.Encoding.ASCII.GetString(buffer);
    }
}
