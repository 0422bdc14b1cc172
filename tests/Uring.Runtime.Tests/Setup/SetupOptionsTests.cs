using System;
using System.IO;
using Microsoft.Win32.SafeHandles;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.Setup;

/// <summary>IOPOLL, CQSIZE/CLAMP and ATTACH_WQ on the real kernel, each checked by what the kernel then does.</summary>
public sealed class SetupOptionsTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void An_io_polling_ring_polls_and_refuses_what_cannot_be_polled()
    {
        string path = _directory.File("polled.bin");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6, 7, 8]);
        using SafeFileHandle file = File.OpenHandle(path);
        int fd = (int)file.DangerousGetHandle();
        using NativeBuffer buffer = new(8);

        // The same buffered read: a plain ring reads the bytes, an IOPOLL ring refuses it (only O_DIRECT I/O on a
        // polling-capable device can be polled), which shows the kernel really set the ring up polled.
        using (Ring plain = TestRings.Started(new RingOptions { Entries = 8, NotifySucceed = true }))
        {
            Assert.True(plain.TryPrepareRead(SqeContext.FromValue(1), fd, buffer.Span, 0));
            Assert.Equal(8, plain.WaitOne().Result);
            Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, buffer.Span.ToArray());
        }

        using Ring polled = TestRings.Started(new RingOptions { Entries = 8, NotifySucceed = true, IoPolling = true });
        Assert.True(polled.Features.SetupFlags.HasFlag(SetupFlags.IoPoll));
        Assert.False(polled.Features.SetupFlags.HasFlag(SetupFlags.HybridIoPoll));
        Assert.False(polled.Features.SetupFlags.HasFlag(SetupFlags.DeferTaskrun));
        Assert.True(polled.TryPrepareRead(SqeContext.FromValue(2), fd, buffer.Span, 0));
        Assert.Equal(Errno.EOPNOTSUPP, polled.WaitOne().Error);
        Assert.True(polled.TryPrepareNop(SqeContext.FromValue(3), NopFlags.InjectResult, result: 12));
        Assert.Equal(12, polled.WaitOne().Result);
    }

    [Fact]
    public void Completion_entries_set_the_cq_size_rounded_up()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 8, CompletionEntries = 100, NotifySucceed = true });
        Assert.Equal(8, ring.Features.SqEntries);
        Assert.Equal(128, ring.Features.CqEntries);
        Assert.True(ring.Features.SetupFlags.HasFlag(SetupFlags.CqSize));

        // The CQ holds more than twice the SQ: 100 completions wait unreaped without overflowing.
        for (int round = 0; round < 12; round++)
        {
            for (int i = 0; i < 8; i++)
            {
                Assert.True(ring.TryPrepareNop(SqeContext.FromValue((ulong)((round * 8) + i))));
            }

            ring.Submit();
        }

        Assert.Equal(96, ring.CqPending);
        CqeView[] all = ring.WaitMany(96);
        for (int i = 0; i < 96; i++)
        {
            Assert.Equal((ulong)i, all[i].Context.Value);
        }
    }

    [Fact]
    public void Clamped_entries_are_capped_at_the_kernel_maxima()
    {
        using Ring ring = TestRings.Started(new RingOptions { Entries = 100_000, CompletionEntries = 1_000_000, ClampEntries = true, NotifySucceed = true });
        Assert.True(ring.Features.SetupFlags.HasFlag(SetupFlags.Clamp | SetupFlags.CqSize));
        Assert.Equal(RingOptions.EntriesHuge, ring.Features.SqEntries);
        Assert.Equal(RingOptions.MaxCompletionEntries, ring.Features.CqEntries);
        Assert.Equal(RingOptions.EntriesHuge, ring.SqAvailable);
        Assert.True(ring.TryPrepareNop(SqeContext.FromValue(1), NopFlags.InjectResult, result: 5));
        Assert.Equal(5, ring.WaitOne().Result);
    }

    [Fact]
    public void Without_clamping_oversized_entries_are_refused_before_the_kernel()
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => new Ring(new RingOptions { Entries = 100_000 }));
        Assert.Equal(nameof(RingOptions.Entries), error.ParamName);
    }

    [Fact]
    public void A_ring_attached_to_another_works_and_reports_the_flag()
    {
        using Ring first = TestRings.Started();
        using Ring attached = TestRings.Started(new RingOptions { Entries = 8, NotifySucceed = true, AttachWorkQueue = first });
        Assert.True(attached.Features.SetupFlags.HasFlag(SetupFlags.AttachWq));
        Assert.False(first.Features.SetupFlags.HasFlag(SetupFlags.AttachWq));

        // IOSQE_ASYNC sends the NOP through the worker pool.
        Assert.True(attached.TryPrepareNop(SqeContext.FromValue(4), NopFlags.InjectResult, result: 21, OpOptions.Async));
        Assert.Equal(21, attached.WaitOne().Result);
        Assert.True(first.TryPrepareNop(SqeContext.FromValue(4), NopFlags.InjectResult, result: 22, OpOptions.Async));
        Assert.Equal(22, first.WaitOne().Result);
    }

    [Fact]
    public void Attaching_to_a_stopped_ring_is_refused()
    {
        KernelRequirement.Require();
        Ring stopped = new(new RingOptions { Entries = 8 });
        stopped.Dispose();
        ArgumentException error = Assert.Throws<ArgumentException>(() => new Ring(new RingOptions { Entries = 8, AttachWorkQueue = stopped }));
        Assert.Equal(nameof(RingOptions.AttachWorkQueue), error.ParamName);
    }

    [Fact]
    public void An_sqpoll_ring_cannot_attach_to_a_ring_without_sqpoll()
    {
        using Ring plain = TestRings.Started();
        ArgumentException error = Assert.Throws<ArgumentException>(
            () => new Ring(new RingOptions { Entries = 8, SubmissionPolling = true, AttachWorkQueue = plain }));
        Assert.Equal(nameof(RingOptions.AttachWorkQueue), error.ParamName);
    }
}
