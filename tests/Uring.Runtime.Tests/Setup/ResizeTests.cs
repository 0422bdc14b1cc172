using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Setup;

/// <summary>
/// IORING_REGISTER_RESIZE_RINGS with work in every state a resize can meet: reads in flight in the kernel, SQEs prepared
/// but not submitted (with staged data: a path, an iovec array), completions posted but not reaped, and pooled contexts
/// rented for all of them. After each resize everything completes with the right bytes and the right context.
/// </summary>
public sealed class ResizeTests : IDisposable
{
    private const int Pipes = 6;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Requests_in_every_state_survive_repeated_resizes()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true });
        string path = _directory.File("opened-across-resize.txt");
        File.WriteAllText(path, "kept");
        (int Read, int Write)[] pipes = new (int, int)[Pipes];
        NativeBuffer[] buffers = new NativeBuffer[Pipes];
        for (int i = 0; i < Pipes; i++)
        {
            pipes[i] = Posix.Pipe();
            buffers[i] = new NativeBuffer(64);
        }

        (int Read, int Write) sink = Posix.Pipe();
        using NativeBuffer payload = new(32);
        try
        {
            // Grow, shrink below the start, grow past it, with separate CQ sizes too.
            (int Sq, int Cq)[] sizes = [(64, 0), (8, 64), (128, 1024), (16, 0), (32, 256), (8, 16)];
            for (int cycle = 0; cycle < sizes.Length; cycle++)
            {
                RunCycle(ring, cycle, sizes[cycle], path, pipes, buffers, sink, payload);
            }

            Assert.Equal(ring.Pools.Capacity, ring.Pools.ExtendedAvailable);
        }
        finally
        {
            foreach ((int read, int write) in pipes)
            {
                Posix.CloseQuietly(read);
                Posix.CloseQuietly(write);
            }

            Posix.CloseQuietly(ref sink.Read);
            Posix.CloseQuietly(ref sink.Write);
            foreach (NativeBuffer buffer in buffers)
            {
                buffer.Dispose();
            }
        }
    }

    private static unsafe void RunCycle(
        Ring ring, int cycle, (int Sq, int Cq) size, string path, (int Read, int Write)[] pipes, NativeBuffer[] buffers, (int Read, int Write) sink, NativeBuffer payload)
    {
        // In flight: one read per pipe, each with a pooled context naming its pipe and cycle.
        for (int i = 0; i < Pipes; i++)
        {
            Assert.True(ring.TryRentExtendedSqe(out ExtendedSqe ext));
            ext.As<(int Pipe, int Cycle)>() = (i, cycle);
            Assert.True(ring.TryPrepareRead(ext.Context, pipes[i].Read, buffers[i].Span, -1));
        }

        Assert.Equal(Pipes, ring.Submit());

        // Posted, not reaped: the first two pipes' reads complete before the resize.
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(5, Posix.Write(pipes[i].Write, Encoding.ASCII.GetBytes($"c{cycle}p{i}:")));
        }

        // A wait with no room to copy into runs the completion work and leaves the completions in the CQ.
        Assert.Equal(0, ring.Wait(Span<CqeView>.Empty, 2, TimeSpan.FromSeconds(10)));
        Assert.Equal(2, ring.CqPending);

        // Prepared, not submitted: an openat (its path staged) and a writev (its iovec array staged).
        Assert.True(ring.TryPrepareOpenAt(SqeContext.FromValue(1000 + (ulong)cycle), FileDescriptors.CurrentDirectory, path, OpenFlags.ReadOnly | OpenFlags.CloseOnExec));
        Encoding.ASCII.GetBytes($"writev-{cycle}").CopyTo(payload.Span);
        IoVector vector = new(Unsafe.AsPointer(ref payload.Span[0]), (nuint)8);
        Assert.True(ring.TryPrepareWritev(SqeContext.FromValue(2000 + (ulong)cycle), sink.Write, [vector]));
        Assert.Equal(2, ring.SqPending);

        // Two resizes in a row: everything above waits through both.
        ring.Resize(size.Sq * 2);
        Assert.Equal(size.Sq * 2, ring.Features.SqEntries);
        ring.Resize(size.Sq, size.Cq);
        Assert.True(ring.RetiredStagingCount >= 1);
        Assert.Equal(size.Sq, ring.Features.SqEntries);
        Assert.Equal(size.Cq == 0 ? 2 * size.Sq : size.Cq, ring.Features.CqEntries);
        Assert.Equal(2, ring.SqPending);
        Assert.Equal(size.Sq - 2, ring.SqAvailable);
        Assert.Equal(2, ring.CqPending);

        // The rest of the reads complete after the resize.
        for (int i = 2; i < Pipes; i++)
        {
            Assert.Equal(5, Posix.Write(pipes[i].Write, Encoding.ASCII.GetBytes($"c{cycle}p{i}:")));
        }

        Dictionary<ulong, int> results = [];
        bool[] seen = new bool[Pipes];
        foreach (CqeView cqe in ring.WaitMany(Pipes + 2))
        {
            if (!cqe.IsExtended)
            {
                results[cqe.Context.Value] = cqe.Result;
                continue;
            }

            (int pipe, int readCycle) = cqe.ExtendedSqe.As<(int Pipe, int Cycle)>();
            Assert.Equal(cycle, readCycle);
            Assert.False(seen[pipe]);
            seen[pipe] = true;
            Assert.Equal(5, cqe.Result);
            Assert.Equal($"c{cycle}p{pipe}:", Encoding.ASCII.GetString(buffers[pipe].Span[..5]));
            ring.ReturnExtendedSqe(cqe.ExtendedSqe);
        }

        Assert.All(seen, Assert.True);
        int opened = results[1000 + (ulong)cycle];
        Assert.True(opened >= 0, $"openat staged before the resize failed: {ErrnoExtensions.FromResult(opened)}");
        byte[] kept = new byte[8];
        Assert.Equal(4, Posix.Read(opened, kept));
        Assert.Equal("kept", Encoding.ASCII.GetString(kept, 0, 4));
        Posix.CloseQuietly(ref opened);
        Assert.Equal(8, results[2000 + (ulong)cycle]);
        byte[] written = new byte[8];
        Assert.Equal(8, Posix.Read(sink.Read, written));
        Assert.Equal($"writev-{cycle}"[..8], Encoding.ASCII.GetString(written));
    }

    [Fact]
    public void A_resize_that_cannot_hold_the_waiting_entries_is_refused_and_the_ring_keeps_working()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 16, NotifySucceed = true });
        for (int i = 0; i < 10; i++)
        {
            Assert.True(ring.TryPrepareNop(SqeContext.FromValue((ulong)i)));
        }

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => ring.Resize(8));
        Assert.Contains("10 prepared SQEs", error.Message);
        Assert.Equal(16, ring.Features.SqEntries);
        Assert.Equal(10, ring.SqPending);
        CqeView[] all = ring.WaitMany(10);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal((ulong)i, all[i].Context.Value);
        }
    }

    [Fact]
    public void Rings_without_deferred_task_running_or_with_an_sq_array_cannot_be_resized()
    {
        using Ring shared = TestRings.Started(new RingOptions { Entries = 8, MultiIssuers = true });
        Assert.Contains("DEFER_TASKRUN", Assert.Throws<InvalidOperationException>(() => shared.Resize(16)).Message);
        using Ring indexed = TestRings.Started(new RingOptions { Entries = 8, IndirectSubmissionQueue = true });
        Assert.Contains("IndirectSubmissionQueue", Assert.Throws<InvalidOperationException>(() => indexed.Resize(16)).Message);
        using Ring ring = TestRings.Started();
        Assert.Equal("entries", Assert.Throws<ArgumentOutOfRangeException>(() => ring.Resize(0)).ParamName);
        Assert.Equal("completionEntries", Assert.Throws<ArgumentOutOfRangeException>(() => ring.Resize(64, 16)).ParamName);
        ring.Stop();
        Assert.Throws<ObjectDisposedException>(() => ring.Resize(16));
    }

    [Fact]
    public void Staging_of_unconsumed_entries_is_kept_until_the_kernel_passed_them()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 8, NotifySucceed = true });
        ring.Resize(16);
        Assert.Equal(0, ring.RetiredStagingCount);
        Assert.True(ring.TryPrepareTimeout(SqeContext.FromValue(1), TimeSpan.FromMilliseconds(1)));
        ring.Resize(32);
        Assert.Equal(1, ring.RetiredStagingCount);
        Assert.Equal(Errno.ETIME, ring.WaitOne().Error);
        ring.Resize(8);
        Assert.Equal(0, ring.RetiredStagingCount);
    }

    [Fact]
    public void Resizing_a_clamped_ring_clamps_too()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 8, NotifySucceed = true, ClampEntries = true });
        ring.Resize(100_000, 1_000_000);
        Assert.Equal(RingOptions.EntriesHuge, ring.Features.SqEntries);
        Assert.Equal(RingOptions.MaxCompletionEntries, ring.Features.CqEntries);
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(1), NopFlags.InjectResult, result: 3));
        Assert.Equal(3, ring.WaitOne().Result);
    }
}
