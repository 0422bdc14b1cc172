using System;
using System.Runtime.InteropServices;
using Uring.Interop;
using Uring.Tests.Support;
using Xunit;

namespace Uring.Tests.ZeroCopyReceive;

/// <summary>
/// The receiver's whole state machine on a detached CQE32 ring, the test playing the kernel: it posts 32-byte
/// completions with the receive's context and moves the refill queue's head. Covers start (the RECV_ZC SQE), data and
/// its bounds checks, buffer release into the refill queue (full, retry), end of stream, stop and its cancel, errors,
/// the order Retiring → OnStopped → Stopped, restart, dispose, a ring stopped underneath, and allocation.
/// </summary>
public sealed unsafe class ZeroCopyReceiverTests : IDisposable
{
    private const int Socket = 9;
    private const uint QueueId = 3;
    private const int RefillEntries = 4;

    // Area id 2 in bits 48 and up: the token the kernel would have returned for a second area.
    private const ulong Token = 2UL << 48;

    private static readonly int s_page = Environment.SystemPageSize;
    private readonly Ring _ring = DetachedRings.Create(new RingOptions { Cqe32 = true, NotifySucceed = true }, sqEntries: 16, cqEntries: 32);
    private readonly ZeroCopyReceiver _receiver;
    private readonly RecordingReceiveHandler _handler = new();

    public ZeroCopyReceiverTests()
    {
        ZeroCopyReceiverOptions options = new() { InterfaceName = "eth0", AreaSize = 16L * s_page, RefillEntries = RefillEntries };
        _receiver = ZeroCopyReceiver.CreateDetached(_ring, options, QueueId, Token);
    }

    public void Dispose()
    {
        _ring.Dispose();
        _receiver.Dispose();
    }

    private long AreaSize => _receiver.AreaSize;

    [Fact]
    public void A_ring_with_16_byte_completions_is_refused_naming_Cqe32()
    {
        using Ring plain = DetachedRings.Create(new RingOptions());
        ArgumentException refused = Assert.Throws<ArgumentException>(() => ZeroCopyReceiver.CreateDetached(plain, new ZeroCopyReceiverOptions { InterfaceName = "lo" }));
        Assert.Equal("ring", refused.ParamName);
        Assert.Contains("RingOptions.Cqe32", refused.Message, StringComparison.Ordinal);
        ArgumentException alsoRefused = Assert.Throws<ArgumentException>(() => ZeroCopyReceiver.Register(plain, new ZeroCopyReceiverOptions { InterfaceName = "lo" }));
        Assert.Equal("ring", alsoRefused.ParamName);
    }

    [Fact]
    public void A_ring_without_defer_taskrun_is_refused()
    {
        using Ring shared = DetachedRings.Create(new RingOptions { Cqe32 = true, MultiIssuers = true });
        ArgumentException refused = Assert.Throws<ArgumentException>(() => ZeroCopyReceiver.CreateDetached(shared, new ZeroCopyReceiverOptions { InterfaceName = "lo" }));
        Assert.Equal("ring", refused.ParamName);
        Assert.Contains("DEFER_TASKRUN", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mixed_completion_ring_is_accepted()
    {
        using Ring mixed = DetachedRings.Create(new RingOptions { CqeMixed = true });
        using ZeroCopyReceiver receiver = ZeroCopyReceiver.CreateDetached(mixed, new ZeroCopyReceiverOptions { InterfaceName = "lo", AreaSize = s_page });
        Assert.Equal(ZeroCopyReceiverState.Idle, receiver.State);
    }

    [Fact]
    public void A_new_receiver_is_idle_and_its_refill_queue_empty()
    {
        // No seeding: the kernel starts with every chunk of the area free, and skips refill entries for chunks the
        // application does not hold, so seeded entries would only take refill slots.
        Assert.Equal(ZeroCopyReceiverState.Idle, _receiver.State);
        Assert.True(_receiver.IsStopped);
        Assert.False(_receiver.IsActive);
        Assert.Equal(RefillEntries, _receiver.RefillAvailable);
        Assert.Equal(0u, _receiver.RefillQueue.PublishedTail);
        Assert.Equal(QueueId, _receiver.Id);
        Assert.Equal(Token, _receiver.AreaToken);
    }

    [Fact]
    public void Start_queues_a_multishot_recv_zc_naming_the_queue()
    {
        Assert.True(_receiver.TryStart(Socket, _handler));
        Assert.Equal(ZeroCopyReceiverState.Active, _receiver.State);
        Assert.Equal(Socket, _receiver.Fd);

        // liburing's test-suite encoding: io_uring_prep_rw(RECV_ZC, fd, NULL, 0, 0), ioprio |= RECV_MULTISHOT, zcrx_ifq_idx.
        byte[] expected = new ExpectedSqe(IoUringOp.RecvZc).Fd(Socket).IoPrio(2).FileIndex(QueueId).UserData(_receiver.RequestContext.Raw).Bytes;
        Assert.Equal(expected, _ring.LastSqeBytes());
        Assert.True(_receiver.RequestContext.IsExtended);
    }

    [Fact]
    public void Data_reaches_OnData_with_the_bytes_the_nic_wrote()
    {
        Start();
        WriteArea(2 * s_page, "hello zero copy"u8);
        WriteArea(5 * s_page + 100, "second"u8);
        Post(15, CqeFlags.More, Token | (uint)(2 * s_page));
        Post(6, CqeFlags.More, Token | (uint)(5 * s_page + 100));
        Assert.Equal(2, Pump());

        Assert.Equal([$"data {2 * s_page} 15", $"data {5 * s_page + 100} 6"], _handler.Events);
        Assert.Equal("hello zero copy"u8.ToArray(), _handler.Data[0]);
        Assert.Equal("second"u8.ToArray(), _handler.Data[1]);
        Assert.Equal(2, _receiver.Completions);
        Assert.Equal(ZeroCopyReceiverState.Active, _receiver.State);
    }

    [Fact]
    public void Release_pushes_the_offset_with_the_area_token_and_the_length_then_publishes_the_tail()
    {
        Start();
        Post(300, CqeFlags.More, Token | (uint)(3 * s_page));
        Pump();
        ZeroCopyReceiveBuffer buffer = _handler.Buffers[0];

        Assert.True(buffer.TryRelease());
        ref ZeroCopyRefillQueue refill = ref _receiver.RefillQueue;
        Assert.Equal(1u, refill.PublishedTail);
        ZcrxRefillEntry entry = refill.EntryAt(0);
        Assert.Equal(Token | (uint)(3 * s_page), entry.Off);
        Assert.Equal(300u, entry.Len);
        Assert.Equal(0u, entry.Pad);
        Assert.Equal(RefillEntries - 1, _receiver.RefillAvailable);
    }

    [Fact]
    public void A_full_refill_queue_refuses_a_release_until_the_kernel_takes_entries()
    {
        Start();
        for (int i = 0; i < RefillEntries + 1; i++)
        {
            Post(10, CqeFlags.More, Token | (uint)(i * s_page));
        }

        Pump();
        for (int i = 0; i < RefillEntries; i++)
        {
            Assert.True(_handler.Buffers[i].TryRelease());
        }

        Assert.Equal(0, _receiver.RefillAvailable);
        ZeroCopyReceiveBuffer last = _handler.Buffers[RefillEntries];
        Assert.False(last.TryRelease());
        Assert.Equal((uint)RefillEntries, _receiver.RefillQueue.PublishedTail);

        // The kernel consumes two entries: the same buffer goes through on the retry, into the first freed slot.
        *_receiver.RefillQueue.Head = 2;
        Assert.Equal(2, _receiver.RefillAvailable);
        Assert.True(last.TryRelease());
        Assert.Equal((uint)RefillEntries + 1, _receiver.RefillQueue.PublishedTail);
        Assert.Equal(Token | (uint)(RefillEntries * s_page), _receiver.RefillQueue.EntryAt(RefillEntries).Off);
    }

    public static TheoryData<string, ulong, int> OutsideTheArea => new()
    {
        { "offset past the end", Token | (uint)(16 * s_page), 1 },
        { "runs past the end", Token | (uint)(16 * s_page - 10), 11 },
        { "another area", (3UL << 48) | 64, 10 },
        { "area 0 when ours is 2", 64, 10 },
        { "offset at the top of 48 bits", Token | 0xFFFF_FFFF_FFFF, 1 },
    };

    [Theory]
    [MemberData(nameof(OutsideTheArea))]
    public void A_completion_outside_the_area_is_reported_as_EFAULT_and_never_read(string what, ulong offset, int length)
    {
        Start();
        Post(length, CqeFlags.More, offset);
        Assert.Equal(1, Pump());
        Assert.True(_handler.Events.Count == 1 && _handler.Events[0] == "error EFAULT", what + ": " + string.Join(", ", _handler.Events));
        Assert.Empty(_handler.Buffers);
        Assert.Equal(ZeroCopyReceiverState.Active, _receiver.State);
    }

    [Fact]
    public void The_last_bytes_of_the_area_are_inside_it()
    {
        Start();
        WriteArea((int)AreaSize - 4, "tail"u8);
        Post(4, CqeFlags.More, Token | (uint)(AreaSize - 4));
        Pump();
        Assert.Equal("tail"u8.ToArray(), _handler.Data[0]);
    }

    [Fact]
    public void A_data_completion_without_its_extra_bytes_cannot_be_located()
    {
        // What a CqeView dispatcher (the context's CompletionHandler) hands over: 16 bytes, no offset.
        Start();
        CqeView view = new(_receiver.RequestContext.Raw, 100, (uint)CqeFlags.More);
        Assert.True(CompletionHandler.TryInvoke(_ring, in view));
        Assert.Equal(["error EFAULT"], _handler.Events);
    }

    [Fact]
    public void A_zero_length_completion_is_end_of_stream_and_retires_the_receiver()
    {
        Start();
        Post(0, CqeFlags.None, 0);
        Assert.Equal(1, Pump());

        Assert.Equal(["eof", "stopped None"], _handler.Events);
        Assert.True(_handler.Buffers[0].IsEndOfStream);
        Assert.Equal(0, _handler.Buffers[0].Length);
        Assert.True(_handler.Buffers[0].Span.IsEmpty);
        Assert.True(_handler.Buffers[0].TryRelease());
        Assert.Equal(0u, _receiver.RefillQueue.PublishedTail);
        AssertRetiredInOrder(Errno.None);
    }

    [Fact]
    public void Stop_queues_a_cancel_and_its_ECANCELED_ends_the_receive_without_an_error()
    {
        Start();
        ulong request = _receiver.RequestContext.Raw;
        Assert.True(_receiver.TryStop());
        Assert.Equal(ZeroCopyReceiverState.Stopping, _receiver.State);
        IoUringSqe cancel = _ring.LastSqe();
        Assert.Equal((byte)IoUringOp.AsyncCancel, cancel.Opcode);
        Assert.Equal(request, cancel.Addr);
        Assert.True(_receiver.TryStop());

        // Data posted before the cancel landed still arrives; then the cancel's own completion and the final one.
        Post(5, CqeFlags.More, Token);
        PostFor(cancel.UserData, 0, CqeFlags.None, 0);
        Post(-(int)Errno.ECANCELED, CqeFlags.None, 0);
        Assert.Equal(3, Pump());

        Assert.Equal(["data 0 5", "stopped ECANCELED"], _handler.Events);
        AssertRetiredInOrder(Errno.ECANCELED);
    }

    [Fact]
    public void A_stop_that_cannot_be_queued_leaves_the_receiver_active()
    {
        Start();
        FillSubmissionQueue();
        Assert.False(_receiver.TryStop());
        Assert.Equal(ZeroCopyReceiverState.Active, _receiver.State);
        Assert.Equal(_ring.Pools.Capacity - 1, _ring.Pools.ExtendedAvailable);

        _ring.KernelConsumeAll();
        Assert.True(_receiver.TryStop());
        Assert.Equal(ZeroCopyReceiverState.Stopping, _receiver.State);
    }

    [Fact]
    public void OnData_returning_stop_queues_the_cancel()
    {
        Start();
        _handler.DataAction = MultishotAction.Stop;
        Post(5, CqeFlags.More, Token);
        Pump();
        Assert.Equal(ZeroCopyReceiverState.Stopping, _receiver.State);
        Assert.Equal((byte)IoUringOp.AsyncCancel, _ring.LastSqe().Opcode);
    }

    [Fact]
    public void A_cancel_that_meets_the_running_receive_is_queued_again()
    {
        Start();
        Assert.True(_receiver.TryStop());
        ulong firstCancel = _ring.LastSqe().UserData;
        PostFor(firstCancel, -(int)Errno.EALREADY, CqeFlags.None, 0);
        Pump();

        IoUringSqe again = _ring.LastSqe();
        Assert.Equal((byte)IoUringOp.AsyncCancel, again.Opcode);
        Assert.Equal(_receiver.RequestContext.Raw, again.Addr);
        Assert.NotEqual(firstCancel, again.UserData);
        Assert.Equal(ZeroCopyReceiverState.Stopping, _receiver.State);
        Assert.Empty(_handler.Events);
    }

    [Fact]
    public void An_error_with_more_to_come_is_reported_and_the_receive_goes_on()
    {
        Start();
        Post(-(int)Errno.ENOMEM, CqeFlags.More, 0);
        Post(3, CqeFlags.More, Token | 8);
        Pump();
        Assert.Equal(["error ENOMEM", "data 8 3"], _handler.Events);
        Assert.Equal(ZeroCopyReceiverState.Active, _receiver.State);
    }

    [Fact]
    public void A_final_error_is_reported_once_then_OnStopped_once_with_it()
    {
        Start();
        Post(-(int)Errno.ECONNRESET, CqeFlags.None, 0);
        Pump();
        Assert.Equal(["error ECONNRESET", "stopped ECONNRESET"], _handler.Events);
        AssertRetiredInOrder(Errno.ECONNRESET);
    }

    [Fact]
    public void A_cancel_the_receiver_did_not_ask_for_is_an_error()
    {
        Start();
        Post(-(int)Errno.ECANCELED, CqeFlags.None, 0);
        Pump();
        Assert.Equal(["error ECANCELED", "stopped ECANCELED"], _handler.Events);
    }

    [Fact]
    public void OnError_returning_stop_cancels()
    {
        Start();
        _handler.ErrorAction = MultishotAction.Stop;
        Post(-(int)Errno.ENOBUFS, CqeFlags.More, 0);
        Pump();
        Assert.Equal(ZeroCopyReceiverState.Stopping, _receiver.State);
        Assert.Equal((byte)IoUringOp.AsyncCancel, _ring.LastSqe().Opcode);
    }

    [Fact]
    public void One_receive_at_a_time_and_a_stopped_receiver_starts_again()
    {
        Start();
        InvalidOperationException busy = Assert.Throws<InvalidOperationException>(() => _receiver.TryStart(Socket, _handler));
        Assert.Contains("Active", busy.Message, StringComparison.Ordinal);

        Post(0, CqeFlags.None, 0);
        Pump();
        Assert.Equal(ZeroCopyReceiverState.Stopped, _receiver.State);

        RecordingReceiveHandler next = new();
        _ring.KernelConsumeAll();
        Assert.True(_receiver.TryStart(Socket + 1, next));
        Assert.Equal(ZeroCopyReceiverState.Active, _receiver.State);
        Assert.Equal(Socket + 1, _ring.LastSqe().Fd);
        Post(7, CqeFlags.More, Token | 4096);
        Pump();
        Assert.Equal([$"data 4096 7"], next.Events);
        Assert.Equal(1, _handler.StoppedCalls);
    }

    [Fact]
    public void Start_refuses_bad_arguments()
    {
        Assert.Throws<ArgumentNullException>(() => _receiver.TryStart(Socket, null!));
        Assert.Equal("fd", Assert.Throws<ArgumentOutOfRangeException>(() => _receiver.TryStart(-1, _handler)).ParamName);
        Assert.Equal(ZeroCopyReceiverState.Idle, _receiver.State);
    }

    [Fact]
    public void A_full_submission_queue_makes_start_return_false_and_gives_the_context_back()
    {
        FillSubmissionQueue();
        Assert.False(_receiver.TryStart(Socket, _handler));
        Assert.Equal(ZeroCopyReceiverState.Idle, _receiver.State);
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
        Assert.Equal(0, _ring.StopHookCount);
    }

    [Fact]
    public void Completions_of_others_are_left_to_the_caller()
    {
        Start();
        Assert.False(ZeroCopyReceiver.TryHandle(_ring, new BigCqe(new CqeView(SqeContext.FromValue(5).Raw, 1, 0), 0, 0)));

        // A pointer-mode user_data naming no rented context of this ring: foreign, never dereferenced.
        Assert.False(ZeroCopyReceiver.TryHandle(_ring, new BigCqe(new CqeView(0x8000_0000_DEAD_BEE0UL, 1, 0, foreign: true), 0, 0)));
        Assert.Empty(_handler.Events);
    }

    [Fact]
    public void Dispose_is_refused_while_a_receive_is_in_flight()
    {
        Start();
        InvalidOperationException refused = Assert.Throws<InvalidOperationException>(_receiver.Dispose);
        Assert.Contains("TryStop", refused.Message, StringComparison.Ordinal);
        Assert.True(_receiver.TryStop());
        Assert.Throws<InvalidOperationException>(_receiver.Dispose);
        Assert.False(_receiver.IsDisposed);
    }

    [Fact]
    public void After_dispose_buffers_and_the_receiver_refuse_to_touch_the_memory()
    {
        Start();
        Post(5, CqeFlags.More, Token);
        Post(0, CqeFlags.None, 0);
        Pump();
        ZeroCopyReceiveBuffer held = _handler.Buffers[0];

        _receiver.Dispose();
        _receiver.Dispose();
        Assert.True(_receiver.IsDisposed);
        Assert.Equal(0, _receiver.RefillAvailable);
        Assert.Throws<ObjectDisposedException>(() => held.Span.Length);
        Assert.Throws<ObjectDisposedException>(() => held.TryRelease());
        Assert.Throws<ObjectDisposedException>(() => _receiver.TryStart(Socket, _handler));
    }

    [Fact]
    public void A_ring_stopped_under_the_receive_ends_it_without_calling_the_handler()
    {
        Start();
        Post(5, CqeFlags.More, Token);
        _ring.KernelConsumeAll();
        _ring.Dispose();

        Assert.Equal(ZeroCopyReceiverState.Stopped, _receiver.State);
        Assert.Empty(_handler.Events);
        _receiver.Dispose();
        Assert.True(_receiver.IsDisposed);
    }

    [Fact]
    public void Handling_data_and_releasing_buffers_allocates_nothing()
    {
        ReleasingReceiveHandler handler = new();
        Assert.True(_receiver.TryStart(Socket, handler));
        Span<BigCqe> batch = stackalloc BigCqe[8];
        RunRound(batch);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 500; round++)
        {
            RunRound(batch);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(501L * RefillEntries * 100, handler.Bytes);
    }

    private void RunRound(Span<BigCqe> batch)
    {
        for (int i = 0; i < RefillEntries; i++)
        {
            Post(100, CqeFlags.More, Token | (uint)(i * s_page));
        }

        _ring.KernelConsumeAll();
        int got = _ring.Reap(batch);
        for (int i = 0; i < got; i++)
        {
            ZeroCopyReceiver.TryHandle(_ring, in batch[i]);
        }

        // The kernel takes the refills.
        *_receiver.RefillQueue.Head = _receiver.RefillQueue.PublishedTail;
    }

    private void AssertRetiredInOrder(Errno reason)
    {
        Assert.Equal(1, _handler.StoppedCalls);
        Assert.Equal(reason, _handler.StoppedReason);
        Assert.Equal(ZeroCopyReceiverState.Retiring, _handler.StateInOnStopped);
        Assert.False(_handler.IsStoppedInOnStopped);
        Assert.Equal(ZeroCopyReceiverState.Stopped, _receiver.State);
        Assert.True(_receiver.IsStopped);
        Assert.Equal(_ring.Pools.Capacity, _ring.Pools.ExtendedAvailable);
        Assert.Equal(0, _ring.StopHookCount);
        Assert.False(_receiver.RequestContext.IsExtended);
    }

    private void Start()
    {
        Assert.True(_receiver.TryStart(Socket, _handler));
        _ring.KernelConsumeAll();
    }

    private void FillSubmissionQueue()
    {
        while (_ring.TryPrepareNop(SqeContext.FromValue(77)))
        {
        }
    }

    private void WriteArea(int offset, ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> area = _receiver.AreaSpan(0, (int)AreaSize);
        bytes.CopyTo(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(area), area.Length)[offset..]);
    }

    private void Post(int result, CqeFlags flags, ulong offset) => PostFor(_receiver.RequestContext.Raw, result, flags, offset);

    /// <summary>Plays the kernel: a 32-byte completion whose big_cqe is the zcrx {off, pad}.</summary>
    private void PostFor(ulong userData, int result, CqeFlags flags, ulong offset)
    {
        ref CompletionQueueState cq = ref _ring.CompletionQueue;
        uint tail = *cq.Tail;
        IoUringCqe32* cqe = (IoUringCqe32*)cq.CqeAt(tail);
        cqe->Cqe.UserData = userData;
        cqe->Cqe.Res = result;
        cqe->Cqe.Flags = (uint)flags;
        cqe->BigCqe0 = offset;
        cqe->BigCqe1 = 0;
        *cq.Tail = tail + 1;
    }

    /// <summary>Reaps everything with the 32-byte view and hands it to the receiver; returns how many it claimed.</summary>
    private int Pump()
    {
        _ring.KernelConsumeAll();
        Span<BigCqe> batch = stackalloc BigCqe[16];
        int got = _ring.Reap(batch);
        int claimed = 0;
        for (int i = 0; i < got; i++)
        {
            claimed += ZeroCopyReceiver.TryHandle(_ring, in batch[i]) ? 1 : 0;
        }

        return claimed;
    }
}
