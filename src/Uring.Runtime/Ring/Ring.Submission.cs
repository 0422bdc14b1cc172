using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Threading;
using Uring.Interop;

namespace Uring;

public sealed unsafe partial class Ring
{
    /// <summary>Free SQ slots right now: the admission-control number (0 after <see cref="Stop"/>).</summary>
    public int SQAvailable => IsStopped ? 0 : (int)(_sq.Entries - (_sq.LocalTail - Volatile.Read(ref *_sq.Head)));

    /// <summary>Prepared SQEs the kernel has not consumed yet.</summary>
    public int SQPending => IsStopped ? 0 : (int)_sq.Pending;

    /// <summary>
    /// Reserves the next SQE and zeroes it. Returns false when the SQ is full: that is backpressure, so
    /// call <see cref="Submit"/> or a <c>Wait</c> method and retry. Every successful reservation must be
    /// followed by <see cref="PublishSqe"/> or <see cref="AbandonSqe"/>.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    /// <exception cref="InvalidOperationException">A single-issuer ring is used from a thread that does not own it.</exception>
    [EditorBrowsable(EditorBrowsableState.Advanced)]
    [IssuerThreadOnly]
    public bool TryReserveSqe(out SubmissionSlot slot)
    {
        ThrowIfStopped();
        EnsureIssuer();
        _lock?.Enter();
        uint tail = _sq.LocalTail;
        if (tail - Volatile.Read(ref *_sq.Head) >= _sq.Entries)
        {
            _lock?.Exit();
            slot = default;
            return false;
        }

        uint index = tail & _sq.Mask;
        IoUringSqe* sqe = _sq.SqeAt(index);
        if (_sq.SqeShift == 7)
        {
            *(IoUringSqe128*)sqe = default;
        }
        else
        {
            *sqe = default;
        }

        _staging.Reset(index);
        slot = new SubmissionSlot(sqe, index, _staging, 1 << _sq.SqeShift);
        return true;
    }

    /// <summary>
    /// Publishes a reserved SQE: applies the ring's write-like policy, sets <c>user_data</c> from
    /// <paramref name="context"/> (a Direct context gets the SQE's opcode, flags, buffer group and fd
    /// stamped in; a Value context is used as given), copies the SQE into a pooled Indirect/Extended
    /// context, and advances the SQ tail with
    /// release semantics. The kernel sees it at the next <see cref="Submit"/> or <c>Wait</c>.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Advanced)]
    [IssuerThreadOnly]
    public void PublishSqe(ref SubmissionSlot slot, SqeContext context, UringOpKind kind = UringOpKind.Other)
    {
        if (!slot.IsReserved)
        {
            throw new InvalidOperationException("The submission slot was not reserved.");
        }

        ref IoUringSqe sqe = ref slot.Sqe;
        if (kind == UringOpKind.WriteLike)
        {
            sqe.Flags |= _writeLikeFlags;
        }

        switch (context.Mode)
        {
            case SqeContextMode.Direct:
                sqe.Flags |= (byte)context.Flags;
                sqe.UserData = SqeContext.DescribeDirect(sqe);
                break;
            case SqeContextMode.Value:
                sqe.UserData = context.Raw;
                break;
            case SqeContextMode.Indirect:
                sqe.UserData = context.Raw;
                *context.IndirectPointer = sqe;
                break;
            default:
                sqe.UserData = context.Raw;
                context.ExtPointer->Sqe = sqe;
                break;
        }

        if (_sq.Array != null)
        {
            _sq.Array[slot.Index] = slot.Index;
        }

        _sq.LocalTail++;
        Volatile.Write(ref *_sq.Tail, _sq.LocalTail);
        slot = default;
        _lock?.Exit();
    }

    /// <summary>Gives a reserved SQE back without publishing it (for example when filling it failed).</summary>
    [EditorBrowsable(EditorBrowsableState.Advanced)]
    public void AbandonSqe(ref SubmissionSlot slot)
    {
        if (slot.IsReserved)
        {
            slot = default;
            _lock?.Exit();
        }
    }

    /// <summary>
    /// Submits the SQE held by a pooled Extended context, with <c>user_data</c> pointing at it: the
    /// reference's <c>SubmitExtended</c>. Fill <see cref="ExtSqe.Sqe"/> first. False when the SQ is full.
    /// </summary>
    [IssuerThreadOnly]
    public bool PrepareExtended(ExtSqe ext) => PrepareCopyOf(ref ext.Sqe, ext.Context);

    /// <summary>Submits the SQE held by a pooled Indirect context. False when the SQ is full.</summary>
    [IssuerThreadOnly]
    public bool PrepareIndirect(IndirectSqe indirect) => PrepareCopyOf(ref indirect.Sqe, indirect.Context);

    private bool PrepareCopyOf(ref IoUringSqe source, SqeContext context)
    {
        if (!TryReserveSqe(out SubmissionSlot slot))
        {
            return false;
        }

        slot.Sqe = source;
        PublishSqe(ref slot, context);
        return true;
    }

    /// <summary>
    /// Hands every prepared SQE to the kernel (<c>io_uring_enter</c>) without waiting. Returns how many it
    /// consumed: 0 when nothing was pending, or when the kernel asks to reap first (EAGAIN/EBUSY).
    /// </summary>
    /// <exception cref="InvalidOperationException">The ring is not started, or is used from a thread that does not own it.</exception>
    /// <exception cref="ObjectDisposedException">The ring was stopped.</exception>
    /// <exception cref="UringException">The kernel failed the call.</exception>
    [IssuerThreadOnly]
    public int Submit()
    {
        ThrowIfNotStarted();
        EnsureIssuer();
        _lock?.Enter();
        try
        {
            uint pending = _sq.Pending;
            return pending == 0 ? 0 : EnterNonBlocking(pending, EnterFlags.None);
        }
        finally
        {
            _lock?.Exit();
        }
    }

    /// <summary>
    /// A non-blocking <c>io_uring_enter</c>. EINTR retries; EAGAIN and EBUSY (the kernel wants the CQ
    /// drained first) and EBADR (it dropped completions; see the overflow report) are not failures here.
    /// </summary>
    private int EnterNonBlocking(uint toSubmit, EnterFlags flags)
    {
        while (true)
        {
            int rc = Syscalls.IoUringEnterNonBlocking(_fd, toSubmit, flags);
            if (rc >= 0)
            {
                return rc;
            }

            switch ((Errno)(-rc))
            {
                case Errno.EINTR:
                    continue;
                case Errno.EAGAIN:
                case Errno.EBUSY:
                case Errno.EBADR:
                    return 0;
                default:
                    throw UringException.ForSyscall("io_uring_enter", (Errno)(-rc));
            }
        }
    }
}
