using System;
using System.Buffers;
using System.IO;
using System.Runtime;
using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Buffers;

/// <summary>
/// The Memory overloads against the real kernel: bytes land where the caller's memory is, the caller's context comes
/// back, a GC cannot move a pending read's array, a buffer disposed while its recv is pending stays allocated until
/// the completion, suppressed successes are swallowed, Stop releases what the kernel is done with, and the steady
/// state allocates nothing.
/// </summary>
public sealed unsafe class MemoryOverloadKernelTests
{
    private readonly ITestOutputHelper _output;

    public MemoryOverloadKernelTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Write_then_read_a_file_through_native_buffer_memory()
    {
        using Ring ring = TestRings.Started();
        using TempDirectory directory = new();
        using SafeFileHandle file = File.OpenHandle(directory.File("data.bin"), FileMode.CreateNew, FileAccess.ReadWrite);
        int fd = (int)file.DangerousGetHandle();

        using NativeBuffer data = new(8192);
        for (int i = 0; i < data.Length; i++)
        {
            data.Span[i] = (byte)(i * 13);
        }

        Assert.True(ring.TryPrepareWrite(SqeContext.FromValue(1), fd, data.Memory, 0));
        CqeView written = ring.WaitOne();
        Assert.Equal(SqeContext.FromValue(1), written.Context);
        Assert.Equal(8192, written.Result);

        using NativeBuffer back = new(8192);
        Assert.True(ring.TryPrepareRead(SqeContext.ForFd(fd), fd, back.Memory[100..], 100));
        CqeView read = ring.WaitOne();
        Assert.Equal(IoUringOp.Read, read.Op);
        Assert.Equal(fd, read.Fd);
        Assert.Equal(8092, read.Result);
        Assert.True(back.Span[100..].SequenceEqual(data.Span[100..]));
        Assert.Equal(0, back.Span[99]);
        Assert.Equal(0, ring.OutstandingLeases);
        Assert.Equal(0, data.PinCount + back.PinCount);
    }

    [Fact]
    public void Send_and_recv_on_a_socket_pair_through_memory()
    {
        using Ring ring = TestRings.Started();
        (int a, int b) = Posix.UnixStreamPair();
        try
        {
            using NativeBuffer outgoing = new(300);
            outgoing.Span.Fill(0x3C);
            using NativeBuffer incoming = new(300);
            Assert.True(ring.TryPrepareRecv(SqeContext.FromValue(2), b, incoming.Memory, MessageFlags.WaitAll));
            Assert.True(ring.TryPrepareSend(SqeContext.FromValue(1), a, outgoing.Memory));
            CqeView[] done = ring.WaitMany(2);
            foreach (CqeView cqe in done)
            {
                Assert.Equal(300, cqe.Result);
                Assert.True(cqe.Context == SqeContext.FromValue(1) || cqe.Context == SqeContext.FromValue(2));
            }

            Assert.NotEqual(done[0].Context, done[1].Context);
            Assert.True(incoming.Span.SequenceEqual(outgoing.Span));
            Assert.Equal(0, ring.OutstandingLeases);
        }
        finally
        {
            Posix.CloseQuietly(ref a);
            Posix.CloseQuietly(ref b);
        }
    }

    [Fact]
    public void A_zero_copy_send_holds_its_memory_until_the_notification_and_both_completions_carry_the_context()
    {
        using Ring ring = TestRings.Started();
        (int client, int server) = Loopback.TcpPair(ring);
        try
        {
            NativeBuffer payload = new(16 * 1024);
            for (int i = 0; i < payload.Length; i++)
            {
                payload.Span[i] = (byte)(i % 251);
            }

            Assert.True(ring.TryPrepareSendZc(SqeContext.FromValue(9), client, payload.Memory));
            payload.Dispose();
            CqeView sent = ring.WaitOne();
            Assert.Equal(SqeContext.FromValue(9), sent.Context);
            Assert.True(sent.IsSuccess, $"send_zc failed: {sent.Error}");
            Assert.Equal(payload.Length, sent.Result);
            Assert.True(sent.HasMore);

            CqeView notification = ring.WaitOne();
            Assert.Equal(SqeContext.FromValue(9), notification.Context);
            Assert.True(notification.IsNotification);
            Assert.True(payload.IsFreed, "released at the notification, the last use");
            Assert.Equal(0, ring.OutstandingLeases);

            using NativeBuffer received = new(payload.Length);
            Assert.Equal(payload.Length, ring.Complete(ring.TryPrepareRecv(SqeContext.FromValue(10), server, received.Memory, MessageFlags.WaitAll), "recv"));
            for (int i = 0; i < received.Length; i++)
            {
                Assert.Equal((byte)(i % 251), received.Span[i]);
            }
        }
        finally
        {
            Posix.CloseQuietly(ref client);
            Posix.CloseQuietly(ref server);
        }
    }

    [Fact]
    public void A_compacting_gc_while_a_read_into_a_managed_array_is_pending_cannot_move_the_array()
    {
        using Ring ring = TestRings.Started();
        (int readEnd, int writeEnd) = Posix.Pipe();
        try
        {
            // Garbage allocated before the array leaves a gap in front of it that a compacting GC closes by
            // moving the array, unless something pins it.
            object[] garbage = new object[2000];
            for (int i = 0; i < garbage.Length; i++)
            {
                garbage[i] = new byte[64];
            }

            byte[] target = new byte[512];
            garbage = null!;
            Assert.True(ring.TryPrepareRead(SqeContext.FromValue(3), readEnd, target.AsMemory(), -1));
            Assert.Equal(1, ring.Submit());
            ulong queuedAt = ring.LastSubmittedAddress();

            for (int i = 0; i < 3; i++)
            {
                GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                _ = new byte[1024];
            }

            Assert.Equal(queuedAt, (ulong)Unsafe.AsPointer(ref target[0]));
            byte[] data = new byte[512];
            new Random(5).NextBytes(data);
            Posix.WriteAll(writeEnd, data);
            CqeView read = ring.WaitOne();
            Assert.Equal(SqeContext.FromValue(3), read.Context);
            Assert.Equal(512, read.Result);
            Assert.Equal(data, target);
            Assert.Equal(0, ring.OutstandingLeases);
        }
        finally
        {
            Posix.CloseQuietly(ref readEnd);
            Posix.CloseQuietly(ref writeEnd);
        }
    }

    [Fact]
    public void An_array_dropped_while_its_read_is_pending_stays_alive_until_the_completion_then_is_collectable()
    {
        using Ring ring = TestRings.Started();
        (int readEnd, int writeEnd) = Posix.Pipe();
        try
        {
            WeakReference dropped = QueueReadIntoAnArrayNobodyKeeps(ring, readEnd);
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            Assert.True(dropped.IsAlive, "the ring's pin roots the array while the kernel may write it");

            byte[] data = new byte[32];
            new Random(8).NextBytes(data);
            Posix.WriteAll(writeEnd, data);
            CqeView read = ring.WaitOne();
            Assert.Equal(32, read.Result);
            Assert.True(HoldsBytes(dropped, data), "the bytes landed in the dropped array itself");

            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            Assert.False(dropped.IsAlive, "released at the completion: nothing keeps it any more");
        }
        finally
        {
            Posix.CloseQuietly(ref readEnd);
            Posix.CloseQuietly(ref writeEnd);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference QueueReadIntoAnArrayNobodyKeeps(Ring ring, int fd)
    {
        byte[] array = new byte[32];
        Assert.True(ring.TryPrepareRead(SqeContext.FromValue(6), fd, array.AsMemory()));
        Assert.Equal(1, ring.Submit());
        return new WeakReference(array);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool HoldsBytes(WeakReference reference, byte[] expected)
        => reference.Target is byte[] array && array.AsSpan().SequenceEqual(expected);

    [Fact]
    public void A_buffer_disposed_while_its_recv_is_pending_stays_allocated_until_the_completion_then_is_freed()
    {
        using Ring ring = TestRings.Started();
        (int a, int b) = Posix.UnixStreamPair();
        try
        {
            NativeBuffer buffer = new(64);
            Assert.True(ring.TryPrepareRecv(SqeContext.FromValue(4), b, buffer.Memory, MessageFlags.WaitAll));
            Assert.Equal(1, ring.Submit());

            // A pin of the test's own, so the bytes can be read after the ring's release; the ring's is the other.
            MemoryHandle watch = buffer.Memory.Pin();
            byte* memory = (byte*)watch.Pointer;
            buffer.Dispose();
            Assert.False(buffer.IsFreed);
            Assert.Equal(2, buffer.PinCount);

            byte[] data = new byte[64];
            new Random(6).NextBytes(data);
            Posix.WriteAll(a, data);
            CqeView received = ring.WaitOne();
            Assert.Equal(SqeContext.FromValue(4), received.Context);
            Assert.Equal(64, received.Result);
            Assert.Equal(1, buffer.PinCount);
            Assert.False(buffer.IsFreed);
            Assert.True(new ReadOnlySpan<byte>(memory, 64).SequenceEqual(data), "the kernel wrote into the disposed buffer's memory");

            watch.Dispose();
            Assert.True(buffer.IsFreed);
        }
        finally
        {
            Posix.CloseQuietly(ref a);
            Posix.CloseQuietly(ref b);
        }
    }

    [Fact]
    public void A_leased_write_success_is_not_shown_without_NotifySucceed_but_its_lease_is_released()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = RingOptions.EntriesNano, NotifySucceed = false });
        (int readEnd, int writeEnd) = Posix.Pipe();
        try
        {
            using NativeBuffer data = new(100);
            data.Span.Fill(0x11);
            Assert.True(ring.TryPrepareWrite(SqeContext.FromValue(1), writeEnd, data.Memory));
            Assert.True(ring.TryPrepareNop(SqeContext.FromValue(2)));
            CqeView[] seen = new CqeView[4];
            int got = 0;
            for (int attempt = 0; attempt < 100 && (got == 0 || ring.OutstandingLeases != 0); attempt++)
            {
                got += ring.Wait(seen.AsSpan(got), 1, TimeSpan.FromMilliseconds(100));
            }

            Assert.Equal(1, got);
            Assert.Equal(SqeContext.FromValue(2), seen[0].Context);
            Assert.Equal(0, ring.OutstandingLeases);
            Assert.Equal(0, data.PinCount);
            byte[] arrived = new byte[100];
            Assert.Equal(100, Posix.Read(readEnd, arrived));
            Assert.All(arrived, value => Assert.Equal(0x11, value));

            // A failure is still shown, with the caller's context.
            Posix.CloseQuietly(ref readEnd);
            Assert.True(ring.TryPrepareWrite(SqeContext.FromValue(3), writeEnd, data.Memory));
            CqeView failed = ring.WaitOne();
            Assert.Equal(SqeContext.FromValue(3), failed.Context);
            Assert.Equal(Errno.EPIPE, failed.Error);
            Assert.Equal(0, ring.OutstandingLeases);
        }
        finally
        {
            Posix.CloseQuietly(ref readEnd);
            Posix.CloseQuietly(ref writeEnd);
        }
    }

    [Fact]
    public void A_wait_woken_only_by_a_swallowed_success_keeps_waiting_for_what_the_caller_sees()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = RingOptions.EntriesNano, NotifySucceed = false });
        (int readEnd, int writeEnd) = Posix.Pipe();
        try
        {
            using NativeBuffer data = new(8);
            Assert.True(ring.TryPrepareWrite(SqeContext.FromValue(1), writeEnd, data.Memory));
            Assert.True(ring.TryPrepareTimeout(SqeContext.FromValue(2), TimeSpan.FromMilliseconds(50)));
            Span<CqeView> one = stackalloc CqeView[1];
            Assert.Equal(1, ring.Wait(one, 1, TimeSpan.FromSeconds(10)));
            Assert.Equal(SqeContext.FromValue(2), one[0].Context);
            Assert.Equal(0, ring.OutstandingLeases);
        }
        finally
        {
            Posix.CloseQuietly(ref readEnd);
            Posix.CloseQuietly(ref writeEnd);
        }
    }

    [Fact]
    public void Cancelling_by_the_callers_context_finds_a_leased_request()
    {
        using Ring ring = TestRings.Started();
        (int a, int b) = Posix.UnixStreamPair();
        try
        {
            using NativeBuffer buffer = new(64);
            Assert.True(ring.TryPrepareRecv(SqeContext.FromValue(77), b, buffer.Memory));
            Assert.Equal(1, ring.Submit());
            Assert.True(ring.TryPrepareCancel(SqeContext.FromValue(78), SqeContext.FromValue(77).Raw));
            CqeView[] both = ring.WaitMany(2);
            CqeView recv = Array.Find(both, c => c.Context == SqeContext.FromValue(77));
            CqeView cancel = Array.Find(both, c => c.Context == SqeContext.FromValue(78));
            Assert.Equal(Errno.ECANCELED, recv.Error);
            Assert.Equal(0, cancel.Result);
            Assert.Equal(0, buffer.PinCount);
            Assert.Equal(0, ring.OutstandingLeases);
        }
        finally
        {
            Posix.CloseQuietly(ref a);
            Posix.CloseQuietly(ref b);
        }
    }

    [Fact]
    public void Statx_fills_typed_memory_the_ring_pins()
    {
        using Ring ring = TestRings.Started();
        using TempDirectory directory = new();
        string path = directory.File("sized.bin");
        File.WriteAllBytes(path, new byte[1234]);
        Statx[] result = new Statx[1];
        Assert.True(ring.TryPrepareStatx(SqeContext.FromValue(5), FileDescriptors.CurrentDirectory, path, result.AsMemory(), StatxMask.Size));
        CqeView done = ring.WaitOne();
        Assert.Equal(0, done.Result);
        Assert.Equal(1234UL, result[0].Size);
        Assert.Equal(0, ring.OutstandingLeases);
    }

    [Fact]
    public void Stop_with_a_recv_pending_cancels_it_and_releases_its_memory()
    {
        Ring ring = TestRings.Started();
        (int a, int b) = Posix.UnixStreamPair();
        try
        {
            NativeBuffer buffer = new(64);
            Assert.True(ring.TryPrepareRecv(SqeContext.FromValue(4), b, buffer.Memory));
            Assert.Equal(1, ring.Submit());
            buffer.Dispose();
            Assert.False(buffer.IsFreed);

            ring.Dispose();
            Assert.Equal(0, ring.LeakedLeases);
            Assert.True(buffer.IsFreed, "Stop cancelled the recv, saw its final completion and released the lease");
        }
        finally
        {
            Posix.CloseQuietly(ref a);
            Posix.CloseQuietly(ref b);
        }
    }

    [Fact]
    public void Native_buffer_memory_allocates_nothing_per_request_and_array_memory_is_measured()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 64, NotifySucceed = true });
        (int a, int b) = Posix.UnixStreamPair();
        try
        {
            using NativeBuffer native = new(512);
            native.Span.Fill(0x77);
            Memory<byte> outgoing = native.Memory[..256];
            Memory<byte> incoming = native.Memory[256..];
            byte[] array = GC.AllocateUninitializedArray<byte>(512);
            CqeView[] batch = new CqeView[4];

            long nativeBytes = Measure(ring, a, b, outgoing, incoming, batch);
            long arrayBytes = Measure(ring, a, b, array.AsMemory(0, 256), array.AsMemory(256), batch);
            _output.WriteLine($"steady state: NativeBuffer memory {nativeBytes} B, array memory {arrayBytes} B per 1000 send+recv pairs (an array's pin is a GCHandle, not a GC heap object)");
            Assert.Equal(0, nativeBytes);
            Assert.Equal(0, arrayBytes);
            Assert.True(incoming.Span.SequenceEqual(outgoing.Span));
            Assert.Equal(0, ring.OutstandingLeases);
        }
        finally
        {
            Posix.CloseQuietly(ref a);
            Posix.CloseQuietly(ref b);
        }
    }

    /// <summary>Bytes allocated by 1000 send+recv pairs through the Memory overloads, after a warm-up round.</summary>
    private static long Measure(Ring ring, int a, int b, Memory<byte> outgoing, Memory<byte> incoming, CqeView[] batch)
    {
        long allocated = 0;
        for (int round = 0; round < 2; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                Assert.True(ring.TryPrepareSend(SqeContext.FromValue(1), a, outgoing));
                Assert.True(ring.TryPrepareRecv(SqeContext.FromValue(2), b, incoming, MessageFlags.WaitAll));
                int got = 0;
                while (got < 2)
                {
                    got += ring.Wait(batch.AsSpan(got), 2 - got, TimeSpan.FromSeconds(10));
                }

                if (batch[0].Result < 0 || batch[1].Result < 0)
                {
                    throw new InvalidOperationException("request failed");
                }
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        return allocated;
    }
}

/// <summary>What the tests above need to see of the SQ.</summary>
internal static unsafe class SubmittedSqes
{
    /// <summary>The <c>addr</c> of the SQE just before the tail (the last one queued).</summary>
    public static ulong LastSubmittedAddress(this Ring ring)
    {
        ref SubmissionQueueState sq = ref ring.SubmissionQueue;
        return sq.SqeAt((sq.LocalTail - 1) & sq.Mask)->Addr;
    }
}
