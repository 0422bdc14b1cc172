using System;
using Uring.Interop;

namespace Uring;

/// <summary>
/// Zero-copy receive (ZCRX, Linux 6.15+): a NIC receive queue registered with a ring (<c>IORING_REGISTER_ZCRX_IFQ</c>)
/// writes TCP payload straight into an area of this process's memory, and a multishot <c>IORING_OP_RECV_ZC</c> reports
/// where each piece landed. The application reads it in place and hands each chunk back through the refill queue.
/// </summary>
/// <remarks>
/// <para>Create one with <see cref="Register"/> on a ring with 32-byte completions (<see cref="RingOptions.Cqe32"/>,
/// or <see cref="RingOptions.CqeMixed"/>) and <c>DEFER_TASKRUN</c> (the default single-issuer ring). It needs a NIC and
/// driver with zero-copy receive, header/data split on the queue, and the connection steered to that queue; without
/// them registration throws <see cref="NotSupportedException"/> saying so.</para>
/// <para>Each receive goes Idle (or Stopped) → <see cref="ZeroCopyReceiverState.Active"/> (<see cref="TryStart"/>) →
/// <see cref="ZeroCopyReceiverState.Stopping"/> (<see cref="TryStop"/>, or a handler returning
/// <see cref="MultishotAction.Stop"/>) → <see cref="ZeroCopyReceiverState.Retiring"/> (final completion; the handler's
/// <see cref="IZeroCopyReceiveHandler.OnStopped"/> runs) → <see cref="ZeroCopyReceiverState.Stopped"/>. A receive
/// that ends by itself (end of stream, an error) skips Stopping. One receive at a time; a stopped receiver can start
/// again on another socket.</para>
/// <para>Reap with <see cref="Ring.Reap(Span{BigCqe})"/> or <see cref="Ring.Wait(Span{BigCqe}, int, TimeSpan)"/> and
/// hand each completion to <see cref="TryHandle"/> first: only those views carry the 16 bytes that say where the data
/// is. Completions are untrusted input: one that names memory outside the area is reported to
/// <see cref="IZeroCopyReceiveHandler.OnError"/> as <see cref="Errno.EFAULT"/> and never read.</para>
/// <para>Handling a completion and releasing a buffer allocate nothing. Single-issuer: use it on the ring's issuer
/// thread. Dispose it once no receive is in flight; the kernel keeps the queue registered until the ring stops
/// (Linux 6.18 cannot unregister one), holding its own pins on the memory.</para>
/// </remarks>
public sealed unsafe partial class ZeroCopyReceiver : IDisposable, IRingStopHook, ICancellableRequestOwner
{
    /// <summary>Marks a context written by a receiver (offset 8 of its user data), beside the handler at 0.</summary>
    private const ulong RequestTag = 0x5A43_5258_5245_4301; // "ZCRXREC" + 1
    private const ulong CancelTag = 0x5A43_5258_5245_4302;

    private readonly ZeroCopyMemory _memory;
    private ZeroCopyRefillQueue _refill;
    private byte* _area;
    private IZeroCopyReceiveHandler? _handler;
    private ExtendedSqe _ext;
    private bool _stopRequested;

    private ZeroCopyReceiver(Ring ring, ZeroCopyReceiverOptions options, uint id, in ZeroCopyMemory memory, in ZcrxOffsets offsets, ulong areaToken)
    {
        Ring = ring;
        Options = options;
        Id = id;
        _memory = memory;
        _area = memory.Area;
        AreaSize = options.AreaSize;
        AreaToken = areaToken;
        _refill = new ZeroCopyRefillQueue(memory.Refill, in offsets, (uint)options.RefillEntries, areaToken);
    }

    /// <summary>The ring the queue is registered with.</summary>
    public Ring Ring { get; }

    /// <inheritdoc/>
    ExtendedSqe ICancellableRequestOwner.CurrentRequest => _ext;

    /// <summary>The options it was registered with.</summary>
    public ZeroCopyReceiverOptions Options { get; }

    /// <summary>The kernel's id of the queue (<c>zcrx_id</c>), which <see cref="Ring.TryPrepareRecvZc"/> takes.</summary>
    public uint Id { get; }

    /// <summary>Bytes of the area.</summary>
    public long AreaSize { get; }

    /// <summary>The token the kernel gave the area (its id in the bits from 48 up), which refill entries carry.</summary>
    public ulong AreaToken { get; }

    /// <summary>Where the receiver is.</summary>
    public ZeroCopyReceiverState State { get; private set; }

    /// <summary>True while the receive is armed and no stop was queued.</summary>
    public bool IsActive => State == ZeroCopyReceiverState.Active;

    /// <summary>True when no receive is in flight (Idle or Stopped): the receiver may be started or disposed.</summary>
    public bool IsStopped => State is ZeroCopyReceiverState.Idle or ZeroCopyReceiverState.Stopped;

    /// <summary>The socket of the current (or last) receive; -1 before the first.</summary>
    public int Fd { get; private set; } = -1;

    /// <summary>Completions handled for the current (or last) receive, the final one included.</summary>
    public long Completions { get; private set; }

    /// <summary>Free entries in the refill queue now (0 once disposed).</summary>
    public int RefillAvailable => _refill.IsAttached ? (int)_refill.Available : 0;

    /// <summary>True once <see cref="Dispose"/> ran.</summary>
    public bool IsDisposed => _area is null;

    /// <summary>
    /// Arms a multishot zero-copy receive on <paramref name="fd"/> (a connected TCP socket whose flow the NIC steers to
    /// the registered queue) that delivers to <paramref name="handler"/>. Allowed when no receive is in flight (Idle or
    /// Stopped).
    /// </summary>
    /// <returns>False when the submission queue is full or every pooled context is in flight: nothing was queued, try again.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fd"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">A receive is in flight (call <see cref="TryStop"/> and wait for <see cref="IsStopped"/>), or the thread does not own the ring.</exception>
    /// <exception cref="ObjectDisposedException">The receiver or the ring was disposed.</exception>
    [IssuerThreadOnly]
    public bool TryStart(int fd, IZeroCopyReceiveHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentOutOfRangeException.ThrowIfNegative(fd);
        ThrowIfDisposed();
        Ring.EnsureIssuerThread();
        if (!IsStopped)
        {
            throw new InvalidOperationException(
                $"The receiver is {State}: one receive at a time. Call TryStop and keep handing completions to TryHandle until IsStopped, then start again.");
        }

        if (!OwnedContexts.TryRent(Ring, RequestTag, this, &OnCompletion, out ExtendedSqe ext))
        {
            return false;
        }

        _ext = ext;

        // Hooked before the request can complete, as a subscription does: the ring may stop with it in flight.
        Ring.AddStopHook(this);
        bool prepared = false;
        try
        {
            prepared = OwnedContexts.TryPrepare(
                Ring,
                ext,
                new StartArguments(fd, Id),
                static (Ring ring, SqeContext context, in StartArguments start) => ring.TryPrepareRecvZc(context, start.Fd, start.ZcrxId),
                RequestShape.ZeroCopyReceive);
        }
        finally
        {
            if (!prepared)
            {
                _ext = default;
                Ring.RemoveStopHook(this);
            }
        }

        if (!prepared)
        {
            return false;
        }

        _handler = handler;
        Fd = fd;
        Completions = 0;
        _stopRequested = false;
        State = ZeroCopyReceiverState.Active;
        return true;
    }

    /// <summary>
    /// Asks the kernel to end the receive (<c>IORING_OP_ASYNC_CANCEL</c> by its <c>user_data</c>, in a pooled context of
    /// its own that <see cref="TryHandle"/> returns) and moves to <see cref="ZeroCopyReceiverState.Stopping"/>. The
    /// completions already posted still reach the handler, then the final one, then
    /// <see cref="IZeroCopyReceiveHandler.OnStopped"/>. True when nothing is left to do (not <see cref="ZeroCopyReceiverState.Active"/>).
    /// </summary>
    /// <returns>False when the cancel could not be queued (SQ full or no pooled context): the receiver stays Active; call again.</returns>
    /// <exception cref="InvalidOperationException">The thread does not own the ring.</exception>
    [IssuerThreadOnly]
    public bool TryStop()
    {
        Ring.EnsureIssuerThread();
        if (State != ZeroCopyReceiverState.Active)
        {
            return true;
        }

        _stopRequested = true;
        return TryQueueCancel();
    }

    /// <summary>
    /// Hands <paramref name="completion"/> to the receiver it belongs to: true when it was a completion of a receiver's
    /// receive or of its cancel (handled), false for any other completion, foreign ones included, whose context is never read.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="ring"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The thread does not own <paramref name="ring"/>.</exception>
    [IssuerThreadOnly]
    public static bool TryHandle(Ring ring, in BigCqe completion)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ring.EnsureIssuerThread();
        CqeView view = completion.View;
        switch (OwnedContexts.Classify(ring, in view, RequestTag, CancelTag, out ExtendedSqe ext, out ZeroCopyReceiver? receiver))
        {
            case OwnedCompletion.Request:
                receiver!.Handle(in completion);
                return true;
            case OwnedCompletion.Cancel:
                ring.ReturnExtendedSqe(ext);
                receiver!.CancelCompleted(view.Error);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Frees the area and the refill queue's memory. Buffers delivered earlier must not be used afterwards (their
    /// <see cref="ZeroCopyReceiveBuffer.Span"/> and <see cref="ZeroCopyReceiveBuffer.TryRelease"/> throw). The kernel
    /// keeps the queue registered, with its own pins on the pages, until the ring stops; so the NIC never writes into
    /// memory that went back to the system. Idempotent.
    /// </summary>
    /// <exception cref="InvalidOperationException">A receive is in flight on a running ring: stop it first (<see cref="TryStop"/>, then reap until <see cref="IsStopped"/>), or stop the ring.</exception>
    public void Dispose()
    {
        if (_area is null)
        {
            return;
        }

        if (State is ZeroCopyReceiverState.Active or ZeroCopyReceiverState.Stopping && !Ring.IsStopped)
        {
            throw new InvalidOperationException(
                $"The receive is {State}: its completions still point into the area. Call TryStop and keep handing completions to TryHandle until IsStopped "
                + "(or stop the ring), then dispose.");
        }

        _area = null;
        _refill.Detach();
        _memory.Free();
    }

    /// <summary>The area bytes of a delivered buffer (bounds were checked when it was delivered).</summary>
    internal ReadOnlySpan<byte> AreaSpan(long offset, int length)
    {
        byte* area = _area;
        return area is null ? throw new ObjectDisposedException(nameof(ZeroCopyReceiver)) : new ReadOnlySpan<byte>(area + offset, length);
    }

    /// <summary>Pushes a released chunk onto the refill queue.</summary>
    internal bool TryRefill(long offset, int length)
    {
        ThrowIfDisposed();
        Ring.EnsureIssuerThread();
        return _refill.TryPush((ulong)offset, (uint)length);
    }

    /// <summary>The refill queue (tests play the kernel's side of it).</summary>
    internal ref ZeroCopyRefillQueue RefillQueue => ref _refill;

    /// <summary>The receive's context while it is in flight (tests post completions with it).</summary>
    internal SqeContext RequestContext => _ext.IsValid ? _ext.Context : default;

    /// <summary>The ring is stopping with the receive in flight: it ends without a completion; no user code runs here.</summary>
    void IRingStopHook.OnRingStopping(ReadOnlySpan<IoUringCqe> unreaped)
    {
        if (State is ZeroCopyReceiverState.Active or ZeroCopyReceiverState.Stopping)
        {
            _ext = default;
            _handler = null;
            State = ZeroCopyReceiverState.Stopped;
        }
    }

    private void Handle(in BigCqe completion)
    {
        Completions++;
        bool final = !completion.HasMore;
        try
        {
            IZeroCopyReceiveHandler? handler = _handler;
            MultishotAction action = MultishotAction.Continue;
            int result = completion.Result;
            if (handler is null)
            {
                // Only after the ring stopped under the receive; nothing is delivered then.
            }
            else if (result > 0)
            {
                action = TryLocate(in completion, out long offset)
                    ? handler.OnData(this, new ZeroCopyReceiveBuffer(this, offset, result))
                    : handler.OnError(this, Errno.EFAULT);
            }
            else if (result == 0)
            {
                action = handler.OnData(this, default);
            }
            else if (!(_stopRequested && result == -(int)Errno.ECANCELED))
            {
                action = handler.OnError(this, ErrnoExtensions.FromResult(result));
            }

            _stopRequested |= action == MultishotAction.Stop;
            if (!final && _stopRequested && State == ZeroCopyReceiverState.Active)
            {
                TryQueueCancel();
            }
        }
        finally
        {
            if (final)
            {
                Retire(completion.Result);
            }
        }
    }

    /// <summary>
    /// Where a data completion's bytes are: the area id (bits 48 and up of <c>big_cqe[0]</c>) must be this area's, and
    /// offset plus length must lie inside it. False for anything else, also for a completion without its extra bytes
    /// (routed through a 16-byte view), whose data cannot be found.
    /// </summary>
    private bool TryLocate(in BigCqe completion, out long offset)
    {
        ulong raw = completion.Extra0;
        ulong inArea = raw & ~ZcrxConstants.AreaMask;
        offset = (long)inArea;
        return completion.IsBig
            && (raw & ZcrxConstants.AreaMask) == (AreaToken & ZcrxConstants.AreaMask)
            && inArea <= (ulong)AreaSize
            && (ulong)completion.Result <= (ulong)AreaSize - inArea;
    }

    /// <summary>The final completion: Retiring while the handler hears it, then Stopped.</summary>
    private void Retire(int result)
    {
        State = ZeroCopyReceiverState.Retiring;
        Ring.RemoveStopHook(this);
        ExtendedSqe ext = _ext;
        _ext = default;
        Ring.ReturnExtendedSqe(ext);
        IZeroCopyReceiveHandler? handler = _handler;
        _handler = null;
        try
        {
            handler?.OnStopped(this, ErrnoExtensions.FromResult(result));
        }
        finally
        {
            State = ZeroCopyReceiverState.Stopped;
        }
    }

    /// <summary>
    /// The cancel finished. A miss while the receive is still armed (<c>-EALREADY</c>: it was running; <c>-ENOENT</c>:
    /// it was between two arms) is queued again; a miss because it had ended is harmless, its final completion follows.
    /// </summary>
    private void CancelCompleted(Errno error)
    {
        if (error is Errno.EALREADY or Errno.ENOENT && State == ZeroCopyReceiverState.Stopping)
        {
            State = ZeroCopyReceiverState.Active;
            TryQueueCancel();
        }
    }

    /// <summary>Queues the cancel; false (still Active) when there is no room yet.</summary>
    private bool TryQueueCancel()
    {
        bool prepared = OwnedContexts.TryQueueCancel(Ring, CancelTag, this, &OnCompletion, _ext);
        if (prepared)
        {
            State = ZeroCopyReceiverState.Stopping;
        }

        return prepared;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_area is null, this);

    /// <summary>
    /// The handler at offset 0, for generated dispatchers and <see cref="CompletionHandler.TryInvoke"/>. They carry a
    /// 16-byte view: a data completion routed this way cannot be located and is reported as <see cref="Errno.EFAULT"/>.
    /// </summary>
    private static void OnCompletion(Ring ring, in CqeView completion) => TryHandle(ring, new BigCqe(in completion, 0, 0, isBig: false));

    private readonly record struct StartArguments(int Fd, uint ZcrxId);
}
