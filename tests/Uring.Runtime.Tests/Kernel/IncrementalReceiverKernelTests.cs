using System;
using System.Linq;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Kernel;

/// <summary>
/// The incremental receiver on a real kernel (<c>IOU_PBUF_RING_INC</c>): more than a buffer's worth sent in pieces over
/// Unix and TCP sockets, received by multishot and single receives; the bytes, the order of the calls, the buffers going
/// back to the group, the error of a cancelled receive, and no allocation per completion.
/// </summary>
public sealed class IncrementalReceiverKernelTests : IDisposable
{
    private readonly Ring _ring = TestRings.Started();

    public void Dispose() => _ring.Dispose();

    private static byte[] Pattern(int length, int seed) => Enumerable.Range(0, length).Select(i => (byte)((i * 13) + seed)).ToArray();

    [Fact]
    public void A_multishot_receive_of_ten_kibibytes_in_pieces_fills_buffer_after_buffer()
    {
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(30, 4, 4096, ProvidedBufferRingFlags.Incremental);
        RecordingIncrementalHandler handler = new(lengthsOnly: true);
        IncrementalReceiver receiver = new(group, handler);
        (int a, int b) = Posix.UnixStreamPair();
        try
        {
            SqeContext recv = SqeContext.FromValue(0x1C);
            Assert.True(receiver.TryPrepareMultishot(recv, a));
            _ring.Submit();
            byte[] sent = Pattern(10 * 1024, 1);
            for (int piece = 0; piece < 10; piece++)
            {
                Posix.WriteAll(b, sent.AsSpan(piece * 1024, 1024));
                CqeView cqe = _ring.WaitOne();
                Assert.Equal(recv, cqe.Context);
                Assert.True(cqe.HasMore);
                Assert.Equal(piece / 4, cqe.BufferId);
                receiver.HandleCompletion(cqe);
            }

            Assert.Equal(
                "D1024+ D1024+ D1024+ D1024- C D1024+ D1024+ D1024+ D1024- C D1024+ D1024+",
                handler.Log);
            Assert.True(receiver.IsFillOpen);
            Assert.Equal(2, receiver.FillBufferId);
            Assert.Equal(2048, receiver.FillBytes);
            Assert.Equal(4, group.ProvidedCount); // buffers 0 and 1 went back; 2 is partly filled, 3 untouched
            Assert.Equal(2, group.ReadKernelHead());

            // The peer's end of stream ends the multishot receive and the open fill.
            Posix.ShutdownWrite(b);
            CqeView end = _ring.WaitOne();
            Assert.Equal(0, end.Result);
            Assert.False(end.HasMore);
            receiver.HandleCompletion(end);
            Assert.EndsWith("D1024+ D1024+ D0- C", handler.Log, StringComparison.Ordinal);
            Assert.Equal(3, receiver.CompletedFills);
            Assert.False(receiver.IsFailed);
            Assert.Equal(sent, handler.Bytes.ToArray());
        }
        finally
        {
            Posix.CloseQuietly(ref a);
            Posix.CloseQuietly(ref b);
        }
    }

    [Fact]
    public void Tcp_pieces_that_cross_buffer_boundaries_arrive_whole_and_each_fill_completes_once()
    {
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(31, 4, 4096, ProvidedBufferRingFlags.Incremental);
        RecordingIncrementalHandler handler = new(lengthsOnly: true);
        IncrementalReceiver receiver = new(group, handler);
        (int client, int server) = Loopback.TcpPair(_ring);
        try
        {
            SqeContext recv = SqeContext.FromValue(0x7C9);
            Assert.True(receiver.TryPrepareMultishot(recv, server));
            _ring.Submit();
            byte[] sent = Pattern(6 * 1500, 2);
            for (int piece = 0; piece < 6; piece++)
            {
                Posix.WriteAll(client, sent.AsSpan(piece * 1500, 1500));
                while (handler.Bytes.Count < (piece + 1) * 1500)
                {
                    CqeView cqe = _ring.WaitOne();
                    Assert.Equal(recv, cqe.Context);
                    receiver.HandleCompletion(cqe);
                }
            }

            Assert.Equal(sent, handler.Bytes.ToArray());
            Assert.Empty(handler.Errors);

            // 9000 bytes: two full 4096-byte fills, each completed once right after its last fragment, and 808 bytes open.
            Assert.Equal(2, handler.Calls.Count(call => call == "C"));
            Assert.Equal(2, receiver.CompletedFills);
            int fill = 0;
            for (int i = 0; i < handler.Calls.Count; i++)
            {
                string call = handler.Calls[i];
                if (call == "C")
                {
                    Assert.EndsWith("-", handler.Calls[i - 1], StringComparison.Ordinal);
                    continue;
                }

                fill += int.Parse(call[1..^1], System.Globalization.CultureInfo.InvariantCulture);
                if (call.EndsWith('-'))
                {
                    Assert.Equal(4096, fill);
                    Assert.Equal("C", handler.Calls[i + 1]);
                    fill = 0;
                }
            }

            Assert.Equal(808, fill);
            Assert.Equal(808, receiver.FillBytes);
            Assert.Equal(2, receiver.FillBufferId);
        }
        finally
        {
            Loopback.Close(_ring, client, server);
        }
    }

    [Fact]
    public void Single_receives_continue_the_partly_filled_buffer_across_requests()
    {
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(32, 2, 16, ProvidedBufferRingFlags.Incremental);
        RecordingIncrementalHandler handler = new();
        IncrementalReceiver receiver = new(group, handler);
        (int a, int b) = Posix.UnixStreamPair();
        try
        {
            foreach (string piece in new[] { "012345", "6789AB", "CDEFGHIJ" })
            {
                Posix.WriteAll(b, System.Text.Encoding.ASCII.GetBytes(piece));
                int before = handler.Bytes.Count;
                while (handler.Bytes.Count < before + piece.Length)
                {
                    Assert.True(receiver.TryPrepareReceive(SqeContext.FromValue(5), a));
                    receiver.HandleCompletion(_ring.WaitOne());
                }
            }

            // The third piece does not fit the 4 bytes left in buffer 0: the receive takes 4, the next one the rest into buffer 1.
            Assert.Equal("D:012345+ D:6789AB+ D:CDEF- C D:GHIJ+", handler.Log);
            Assert.True(group.IsProvided(0));
            Assert.Equal(1, group.ReadKernelHead());
        }
        finally
        {
            Posix.CloseQuietly(ref a);
            Posix.CloseQuietly(ref b);
        }
    }

    [Fact]
    public void A_cancelled_multishot_receive_is_one_error_with_its_errno()
    {
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(33, 2, 64, ProvidedBufferRingFlags.Incremental);
        RecordingIncrementalHandler handler = new();
        IncrementalReceiver receiver = new(group, handler);
        (int a, int b) = Posix.UnixStreamPair();
        try
        {
            SqeContext recv = SqeContext.FromValue(0xCA);
            Assert.True(receiver.TryPrepareMultishot(recv, a));
            Posix.WriteAll(b, "hello"u8);
            receiver.HandleCompletion(_ring.WaitOne());
            Assert.True(_ring.TryPrepareCancel(SqeContext.FromValue(0xCB), recv.Raw));
            foreach (CqeView cqe in _ring.WaitMany(2))
            {
                if (cqe.Context == recv)
                {
                    Assert.Equal(Errno.ECANCELED, cqe.Error);
                    receiver.HandleCompletion(cqe);
                }
            }

            Assert.Equal("D:hello+ E:UringException", handler.Log);
            Assert.Equal(Errno.ECANCELED, Assert.IsType<UringException>(handler.Errors.Single()).Errno);
            Assert.True(receiver.IsFailed);
        }
        finally
        {
            Posix.CloseQuietly(ref a);
            Posix.CloseQuietly(ref b);
        }
    }

    [Fact]
    public void Handling_completions_allocates_nothing_in_the_steady_state()
    {
        using ProvidedBufferRing group = _ring.RegisterProvidedBufferRing(34, 4, 4096, ProvidedBufferRingFlags.Incremental);
        CountingHandler handler = new();
        IncrementalReceiver receiver = new(group, handler);
        (int a, int b) = Posix.UnixStreamPair();
        try
        {
            SqeContext recv = SqeContext.FromValue(0xA110C);
            Assert.True(receiver.TryPrepareMultishot(recv, a));
            _ring.Submit();
            byte[] message = Pattern(100, 3);
            long written = 0;
            for (int round = 0; round < 2; round++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 2_000; i++)
                {
                    Posix.Write(b, message);

                    // A write that crosses a buffer's end arrives as two completions (the rest of one buffer, then the next).
                    while (handler.Bytes < written + message.Length)
                    {
                        CqeView cqe = _ring.WaitOne();
                        Assert.True(cqe.HasMore);
                        receiver.HandleCompletion(cqe);
                    }

                    written += message.Length;
                }

                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                if (round == 1)
                {
                    Assert.Equal(0, allocated);
                }
            }

            Assert.Equal(4_000L * 100, handler.Bytes);
            Assert.Equal(4_000L * 100 / 4096, handler.Completes);
            Assert.False(receiver.IsFailed);
        }
        finally
        {
            Posix.CloseQuietly(ref a);
            Posix.CloseQuietly(ref b);
        }
    }

    private sealed class CountingHandler : IIncrementalReceiveHandler
    {
        public long Bytes { get; private set; }

        public long Completes { get; private set; }

        public void OnData(ReadOnlySpan<byte> data, bool hasMore) => Bytes += data.Length;

        public void OnComplete() => Completes++;

        public void OnError(Exception error) => throw new InvalidOperationException("unexpected error", error);
    }
}
