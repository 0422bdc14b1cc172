using System.Runtime.InteropServices;

namespace Uring;

/// <summary>
/// A completion copied out of the CQ ring (result, flags, context, and whether the context is foreign). It is
/// a borrowed observation: copy what you need before the next reap instead of storing it as route state,
/// because a pooled context it names may be returned and reused.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
[BorrowedView]
public readonly struct CqeView : ICqeFactory<CqeView>
{
    static CqeView ICqeFactory<CqeView>.Create(ulong userData, int result, uint flags, bool foreign) => new(userData, result, flags, foreign);

    internal CqeView(ulong userData, int result, uint flags, bool foreign = false)
    {
        Context = SqeContext.FromRaw(userData);
        Result = result;
        Flags = (CqeFlags)flags;
        IsForeign = foreign;
    }

    /// <summary>The request's <c>user_data</c>, as the kernel posted it.</summary>
    public SqeContext Context { get; }

    /// <summary>
    /// True when <see cref="Context"/> claims Indirect or Extended mode but names no pooled context of the
    /// reaping ring that was rented, at that generation, when the completion was reaped: a completion posted
    /// by someone else (<c>IORING_OP_MSG_RING</c> from any process holding the ring fd), or a late completion
    /// for a context that was returned (and perhaps rented again). Its context is never dereferenced:
    /// <see cref="Op"/> is null, <see cref="ExtendedSqe"/> invalid, and the runtime's handlers
    /// (<see cref="CompletionHandler.TryInvoke"/>, <c>TryHandle</c>) pass it on. Direct and Value completions
    /// are never foreign.
    /// </summary>
    public bool IsForeign { get; }

    /// <summary>The result: a byte count, an fd, or <c>-errno</c>.</summary>
    public int Result { get; }

    /// <summary>The <c>IORING_CQE_F_*</c> flags.</summary>
    public CqeFlags Flags { get; }

    /// <summary>
    /// The completed opcode (stamped into the context when the request was prepared); null when the context
    /// does not record it (Value mode), or is foreign or no longer rented.
    /// </summary>
    public IoUringOp? Op => IsForeign ? null : Context.Op;

    /// <summary>The fd of the request, as the context records it; -1 when it records none (or is foreign).</summary>
    public int Fd => IsForeign ? -1 : Context.Fd;

    /// <summary>True if <see cref="Result"/> is not negative.</summary>
    public bool IsSuccess => Result >= 0;

    /// <summary>The errno of a failed request, <see cref="Errno.None"/> otherwise. Never allocates.</summary>
    public Errno Error => ErrnoExtensions.FromResult(Result);

    /// <summary>More completions follow for this request (multishot, zero-copy data CQE).</summary>
    public bool HasMore => (Flags & CqeFlags.More) != 0;

    /// <summary>A provided buffer was consumed; see <see cref="BufferId"/>.</summary>
    public bool HasBuffer => (Flags & CqeFlags.Buffer) != 0;

    /// <summary>The provided-buffer id (<c>flags &gt;&gt; 16</c>); meaningful only with <see cref="HasBuffer"/>.</summary>
    public ushort BufferId => (ushort)((uint)Flags >> 16);

    /// <summary>The socket still had data after this receive.</summary>
    public bool SocketNonEmpty => (Flags & CqeFlags.SockNonEmpty) != 0;

    /// <summary>A zero-copy notification: the send buffer may be reused.</summary>
    public bool IsNotification => (Flags & CqeFlags.Notification) != 0;

    /// <summary>An incremental buffer still has room after this completion.</summary>
    public bool HasBufferMore => (Flags & CqeFlags.BufferMore) != 0;

    /// <summary>True for an Extended completion of this ring (a foreign one is not).</summary>
    public bool IsExtended => !IsForeign && Context.IsExtended;

    /// <summary>The pooled Extended context, rented now; an invalid handle in other modes, for a foreign completion, or once it was returned.</summary>
    public ExtendedSqe ExtendedSqe => IsForeign ? default : Context.ExtendedSqe;

    /// <summary>The buffer group recorded in the context (0 when foreign).</summary>
    public ushort BufGroup => IsForeign ? (ushort)0 : Context.BufGroup;

    /// <summary>First buffer id of a bundle receive.</summary>
    public ushort BundleStartId => BufferId;

    /// <summary>Buffers a bundle of <see cref="Result"/> bytes spans, for buffers of <paramref name="bufferSize"/> bytes.</summary>
    public int BundleCount(int bufferSize)
        => Result <= 0 || bufferSize <= 0 ? 0 : (int)(((long)Result + bufferSize - 1) / bufferSize);

    /// <summary>Throws a new <see cref="UringException"/> for a failed completion; does nothing on success.</summary>
    public void ThrowIfError()
    {
        if (Result < 0)
        {
            throw UringException.ForCompletion(Error);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"Cqe(res={Result}, flags={Flags}, {Context}{(IsForeign ? ", foreign" : string.Empty)})";
}

/// <summary>A completion decoded as Direct mode (16 bytes), from <see cref="Ring.Reap(System.Span{DirectCqe})"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
[BorrowedView]
public readonly struct DirectCqe : ICqeFactory<DirectCqe>
{
    static DirectCqe ICqeFactory<DirectCqe>.Create(ulong userData, int result, uint flags, bool foreign) => new(userData, result, flags);

    internal DirectCqe(ulong userData, int result, uint flags)
    {
        Result = result;
        Flags = (CqeFlags)flags;
        Op = (IoUringOp)(byte)userData;
        SqeFlags = (SqeFlags)(byte)(userData >> 8);
        BufGroup = (ushort)(userData >> 16);
        Fd = ((int)((uint)(userData >> 32) << 2)) >> 2;
    }

    /// <summary>The result: a byte count, an fd, or <c>-errno</c>.</summary>
    public int Result { get; }

    /// <summary>The <c>IORING_CQE_F_*</c> flags.</summary>
    public CqeFlags Flags { get; }

    /// <summary>The opcode bits.</summary>
    public IoUringOp Op { get; }

    /// <summary>The SQE flag bits.</summary>
    public SqeFlags SqeFlags { get; }

    /// <summary>The buffer group bits.</summary>
    public ushort BufGroup { get; }

    /// <summary>The fd bits (sign-extended from 30 bits).</summary>
    public int Fd { get; }

    /// <summary>True if <see cref="Result"/> is not negative.</summary>
    public bool IsSuccess => Result >= 0;

    /// <summary>More completions follow.</summary>
    public bool HasMore => (Flags & CqeFlags.More) != 0;

    /// <summary>A provided buffer was consumed.</summary>
    public bool HasBuffer => (Flags & CqeFlags.Buffer) != 0;

    /// <summary>The provided-buffer id.</summary>
    public ushort BufferId => (ushort)((uint)Flags >> 16);

    /// <summary>A zero-copy notification.</summary>
    public bool IsNotification => (Flags & CqeFlags.Notification) != 0;

    /// <summary>The errno of a failed request. Never allocates.</summary>
    public Errno Error => ErrnoExtensions.FromResult(Result);
}

/// <summary>A completion decoded as Extended mode, from <see cref="Ring.Reap(System.Span{ExtendedCqe})"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
[BorrowedView]
public readonly unsafe struct ExtendedCqe : ICqeFactory<ExtendedCqe>
{
    static ExtendedCqe ICqeFactory<ExtendedCqe>.Create(ulong userData, int result, uint flags, bool foreign) => new(userData, result, flags, foreign);

    /// <summary>The ring checked the context against its own pools while reaping, so the handle is built without a second lookup.</summary>
    internal ExtendedCqe(ulong userData, int result, uint flags, bool foreign)
    {
        Result = result;
        Flags = (CqeFlags)flags;
        IsForeign = foreign;
        Ext = !foreign && SqeContext.FromRaw(userData).IsExtended ? new ExtendedSqe(userData & ContextTag.Mask) : default;
    }

    /// <summary>The result: a byte count, an fd, or <c>-errno</c>.</summary>
    public int Result { get; }

    /// <summary>The <c>IORING_CQE_F_*</c> flags.</summary>
    public CqeFlags Flags { get; }

    /// <summary>The pooled context; invalid if the request was not submitted in Extended mode, or if the completion is foreign.</summary>
    public ExtendedSqe Ext { get; }

    /// <summary>
    /// True when the <c>user_data</c> claims Indirect or Extended mode but names no context of this ring rented
    /// (at that generation) when it was reaped: see <see cref="CqeView.IsForeign"/>. <see cref="Ext"/> is then invalid.
    /// </summary>
    public bool IsForeign { get; }

    /// <summary>The completed opcode (from the context's SQE copy); null if not Extended, foreign, or the context was returned since.</summary>
    public IoUringOp? Op => Ext.TryResolve(out _, out ExtendedSqeLayout* layout) ? (IoUringOp)layout->Sqe.Opcode : null;

    /// <summary>The fd of the submitted SQE; -1 if not Extended, foreign, or the context was returned since.</summary>
    public int Fd => Ext.TryResolve(out _, out ExtendedSqeLayout* layout) ? layout->Sqe.Fd : -1;

    /// <summary>True if <see cref="Result"/> is not negative.</summary>
    public bool IsSuccess => Result >= 0;

    /// <summary>More completions follow.</summary>
    public bool HasMore => (Flags & CqeFlags.More) != 0;

    /// <summary>A provided buffer was consumed.</summary>
    public bool HasBuffer => (Flags & CqeFlags.Buffer) != 0;

    /// <summary>The provided-buffer id.</summary>
    public ushort BufferId => (ushort)((uint)Flags >> 16);

    /// <summary>An incremental buffer still has room.</summary>
    public bool HasBufferMore => (Flags & CqeFlags.BufferMore) != 0;

    /// <summary>A zero-copy notification.</summary>
    public bool IsNotification => (Flags & CqeFlags.Notification) != 0;

    /// <summary>The errno of a failed request. Never allocates.</summary>
    public Errno Error => ErrnoExtensions.FromResult(Result);
}
