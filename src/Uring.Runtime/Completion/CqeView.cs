using System.Runtime.InteropServices;

namespace Uring;

/// <summary>
/// A completion copied out of the CQ ring (16 bytes: result, flags, context). It is a borrowed
/// observation: copy what you need before the next reap instead of storing it as route state, because a
/// pooled context it points at may be returned and reused.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
[BorrowedView]
public readonly struct CqeView : ICqeFactory<CqeView>
{
    static CqeView ICqeFactory<CqeView>.Create(ulong userData, int result, uint flags) => new(userData, result, flags);

    internal CqeView(ulong userData, int result, uint flags)
    {
        Context = SqeContext.FromRaw(userData);
        Result = result;
        Flags = (CqeFlags)flags;
    }

    /// <summary>The request's <c>user_data</c>.</summary>
    public SqeContext Context { get; }

    /// <summary>The result: a byte count, an fd, or <c>-errno</c>.</summary>
    public int Result { get; }

    /// <summary>The <c>IORING_CQE_F_*</c> flags.</summary>
    public CqeFlags Flags { get; }

    /// <summary>The completed opcode (stamped into the context when the request was prepared).</summary>
    public IoUringOp Op => Context.Op;

    /// <summary>The fd of the request, as the context records it.</summary>
    public int Fd => Context.Fd;

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

    /// <summary>True in Extended mode.</summary>
    public bool IsExtended => Context.IsExtended;

    /// <summary>The pooled Extended context, or an invalid handle in other modes.</summary>
    public ExtSqe ExtSqe => Context.ExtSqe;

    /// <summary>The buffer group recorded in the context.</summary>
    public ushort BufGroup => Context.BufGroup;

    /// <summary>First buffer id of a bundle receive.</summary>
    public ushort BundleStartId => BufferId;

    /// <summary>Buffers a bundle of <see cref="Result"/> bytes spans, for buffers of <paramref name="bufferSize"/> bytes.</summary>
    public int BundleCount(int bufferSize)
        => Result <= 0 || bufferSize <= 0 ? 0 : (int)(((long)Result + bufferSize - 1) / bufferSize);

    /// <summary>Throws the (cached) <see cref="UringException"/> for a failed completion; does nothing on success.</summary>
    public void ThrowIfError()
    {
        if (Result < 0)
        {
            throw UringException.ForCompletion(Error);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"Cqe(res={Result}, flags={Flags}, {Context})";
}

/// <summary>A completion decoded as Direct mode (16 bytes), from <see cref="Ring.WaitDirect"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
[BorrowedView]
public readonly struct DirectCqe : ICqeFactory<DirectCqe>
{
    static DirectCqe ICqeFactory<DirectCqe>.Create(ulong userData, int result, uint flags) => new(userData, result, flags);

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

/// <summary>A completion decoded as Extended mode (16 bytes), from <see cref="Ring.WaitExtended"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
[BorrowedView]
public readonly unsafe struct ExtCqe : ICqeFactory<ExtCqe>
{
    static ExtCqe ICqeFactory<ExtCqe>.Create(ulong userData, int result, uint flags) => new(userData, result, flags);

    internal ExtCqe(ulong userData, int result, uint flags)
    {
        Result = result;
        Flags = (CqeFlags)flags;
        SqeContext context = SqeContext.FromRaw(userData);
        Ext = context.ExtSqe;
    }

    /// <summary>The result: a byte count, an fd, or <c>-errno</c>.</summary>
    public int Result { get; }

    /// <summary>The <c>IORING_CQE_F_*</c> flags.</summary>
    public CqeFlags Flags { get; }

    /// <summary>The pooled context; invalid if the request was not submitted in Extended mode.</summary>
    public ExtSqe Ext { get; }

    /// <summary>The completed opcode (from the context's SQE copy); <see cref="IoUringOp.Nop"/> if not Extended.</summary>
    public IoUringOp Op => Ext.IsValid ? (IoUringOp)Ext.Sqe.Opcode : IoUringOp.Nop;

    /// <summary>The fd of the submitted SQE; -1 if not Extended.</summary>
    public int Fd => Ext.IsValid ? Ext.Sqe.Fd : -1;

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
