using System;
using System.Runtime.CompilerServices;

namespace Uring;

/// <summary>How an <see cref="SqeContext"/> uses its 64 bits (bits 62–63).</summary>
public enum SqeContextMode : byte
{
    /// <summary>The bits themselves describe the request: op(8) | flags(8) | bufGroup(16) | fd(30).</summary>
    Direct = 0,
    /// <summary>The low 62 bits point at a pooled 64-byte <see cref="IndirectSqe"/>.</summary>
    Indirect = 1,
    /// <summary>The low 62 bits point at a pooled 128-byte <see cref="ExtSqe"/> (SQE + 64 bytes of user data).</summary>
    Extended = 2,
    /// <summary>
    /// Beyond the reference (which reserves this mode): a caller value of 62 bits, submitted exactly as
    /// given (never stamped), for callers who want their own request ids without pooled memory. It does
    /// not record the opcode.
    /// </summary>
    Value = 3,
}

/// <summary>
/// The 64-bit <c>user_data</c> of a request, in one of four modes. The bit layout of the first three modes
/// is the reference library's exactly:
/// <list type="table">
/// <item><term>bits 0–7</term><description>opcode (Direct)</description></item>
/// <item><term>bits 8–15</term><description><see cref="SqeFlags"/> (Direct)</description></item>
/// <item><term>bits 16–31</term><description>buffer group (Direct)</description></item>
/// <item><term>bits 32–61</term><description>fd, 30 bits, sign-extended on read so <c>AT_FDCWD</c> round-trips (Direct)</description></item>
/// <item><term>bits 62–63</term><description><see cref="SqeContextMode"/></description></item>
/// </list>
/// In Indirect and Extended modes the low 62 bits are a pointer into native memory that never moves.
/// Value mode (beyond the reference, in its reserved mode bits) carries 62 opaque bits of the caller's.
/// In Direct mode prep methods stamp the SQE's opcode, flags, buffer group and fd into the context, and
/// in the pointer modes they copy the whole SQE into the pooled block, so a completion can say what it
/// completes.
/// </summary>
public readonly unsafe struct SqeContext : IEquatable<SqeContext>
{
    private const int FlagsShift = 8;
    private const int BufGroupShift = 16;
    private const int FdShift = 32;
    private const int ModeShift = 62;
    private const int FdBits = 30;
    private const ulong FdMask = (1UL << FdBits) - 1;
    private const ulong ModeMask = 3UL << ModeShift;
    private const ulong PointerMask = (1UL << ModeShift) - 1;
    /// <summary>The largest value <see cref="FromValue"/> accepts (62 bits).</summary>
    public const ulong MaxValue = PointerMask;

    /// <summary>The smallest fd a Direct context can carry (-2^29).</summary>
    public const int MinFd = -(1 << (FdBits - 1));

    /// <summary>The largest fd a Direct context can carry (2^29 - 1).</summary>
    public const int MaxFd = (1 << (FdBits - 1)) - 1;

    private SqeContext(ulong raw) => Raw = raw;

    /// <summary>The raw 64-bit <c>user_data</c>.</summary>
    public ulong Raw { get; }

    /// <summary>Wraps a raw <c>user_data</c> (for example one read back from a CQE).</summary>
    public static SqeContext FromRaw(ulong raw) => new(raw);

    /// <summary>Packs a Direct context.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fd"/> does not fit 30 signed bits.</exception>
    public static SqeContext Direct(IoUringOp op, SqeFlags flags, ushort bufGroup, int fd)
    {
        if (fd < MinFd || fd > MaxFd)
        {
            throw new ArgumentOutOfRangeException(nameof(fd), fd, $"A Direct context carries fds in [{MinFd}, {MaxFd}].");
        }

        return new(PackDirectBits((byte)op, (byte)flags, bufGroup, fd));
    }

    /// <summary>A Direct context that names only an fd (the op fills in the rest).</summary>
    public static SqeContext ForFd(int fd) => Direct(IoUringOp.Nop, SqeFlags.None, 0, fd);

    /// <summary>
    /// A Value-mode context carrying a caller value of up to 62 bits (a request id, a slot index). The
    /// request's <c>user_data</c> is exactly <see cref="Raw"/>, so it can be the target of a cancel or a
    /// timeout removal.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> exceeds <see cref="MaxValue"/>.</exception>
    public static SqeContext FromValue(ulong value)
    {
        if (value > MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A Value context carries at most 62 bits.");
        }

        return new(((ulong)SqeContextMode.Value << ModeShift) | value);
    }

    /// <summary>An Indirect context pointing at a pooled SQE copy.</summary>
    public static SqeContext Indirect(IndirectSqe sqe) => PackPointer(sqe.Pointer, SqeContextMode.Indirect);

    /// <summary>An Extended context pointing at a pooled SQE + user data block.</summary>
    public static SqeContext Extended(ExtSqe sqe) => PackPointer(sqe.Pointer, SqeContextMode.Extended);

    /// <summary>The mode (bits 62–63).</summary>
    public SqeContextMode Mode => (SqeContextMode)(Raw >> ModeShift);

    /// <summary>True in Direct mode.</summary>
    public bool IsDirect => Mode == SqeContextMode.Direct;

    /// <summary>True in Indirect mode.</summary>
    public bool IsIndirect => Mode == SqeContextMode.Indirect;

    /// <summary>True in Extended mode.</summary>
    public bool IsExtended => Mode == SqeContextMode.Extended;

    /// <summary>True in Value mode.</summary>
    public bool IsValue => Mode == SqeContextMode.Value;

    /// <summary>
    /// The opcode: from the bits in Direct mode, from the pointed SQE in Indirect and Extended mode.
    /// Value mode does not record it and reports <see cref="IoUringOp.Nop"/>.
    /// </summary>
    public IoUringOp Op => Mode switch
    {
        SqeContextMode.Direct => (IoUringOp)(byte)Raw,
        SqeContextMode.Indirect => (IoUringOp)IndirectPointer->Opcode,
        SqeContextMode.Extended => (IoUringOp)ExtPointer->Sqe.Opcode,
        _ => IoUringOp.Nop,
    };

    /// <summary>The <see cref="SqeFlags"/>: bits in Direct mode, the pointed SQE's otherwise; none in Value mode.</summary>
    public SqeFlags Flags => Mode switch
    {
        SqeContextMode.Direct => (SqeFlags)(byte)(Raw >> FlagsShift),
        SqeContextMode.Indirect => (SqeFlags)IndirectPointer->Flags,
        SqeContextMode.Extended => (SqeFlags)ExtPointer->Sqe.Flags,
        _ => SqeFlags.None,
    };

    /// <summary>The buffer group: bits in Direct mode; the pointed SQE's <c>buf_group</c> only if it selects a buffer.</summary>
    public ushort BufGroup => Mode switch
    {
        SqeContextMode.Direct => (ushort)(Raw >> BufGroupShift),
        SqeContextMode.Indirect => (IndirectPointer->Flags & (byte)SqeFlags.BufferSelect) != 0 ? IndirectPointer->BufGroup : (ushort)0,
        SqeContextMode.Extended => (ExtPointer->Sqe.Flags & (byte)SqeFlags.BufferSelect) != 0 ? ExtPointer->Sqe.BufGroup : (ushort)0,
        _ => 0,
    };

    /// <summary>The fd: 30 sign-extended bits in Direct mode, the pointed SQE's otherwise; -1 in Value mode.</summary>
    public int Fd => Mode switch
    {
        SqeContextMode.Direct => SignExtendFd(Raw >> FdShift),
        SqeContextMode.Indirect => IndirectPointer->Fd,
        SqeContextMode.Extended => ExtPointer->Sqe.Fd,
        _ => -1,
    };

    /// <summary>The caller value of a Value-mode context (0 in other modes).</summary>
    public ulong Value => IsValue ? Raw & PointerMask : 0;

    /// <summary>True if the request selects a provided buffer (<see cref="SqeFlags.BufferSelect"/>).</summary>
    public bool HasBufferSelect => (Flags & SqeFlags.BufferSelect) != 0;

    /// <summary>The pooled SQE copy of an Indirect context; invalid in other modes.</summary>
    public IndirectSqe IndirectSqe => IsIndirect ? new IndirectSqe(IndirectPointer) : default;

    /// <summary>The pooled block of an Extended context; invalid in other modes.</summary>
    public ExtSqe ExtSqe => IsExtended ? new ExtSqe(ExtPointer) : default;

    /// <summary>Replaces the opcode (Direct bits, or writes through to the pointed SQE). Value mode is returned unchanged.</summary>
    public SqeContext WithOp(IoUringOp op)
    {
        switch (Mode)
        {
            case SqeContextMode.Direct: return new((Raw & ~0xFFUL) | (byte)op);
            case SqeContextMode.Indirect: IndirectPointer->Opcode = (byte)op; return this;
            case SqeContextMode.Extended: ExtPointer->Sqe.Opcode = (byte)op; return this;
            default: return this;
        }
    }

    /// <summary>Replaces the flags (Direct bits, or the pointed SQE). Value mode has no flag bits and is returned unchanged.</summary>
    public SqeContext WithFlags(SqeFlags flags)
    {
        switch (Mode)
        {
            case SqeContextMode.Direct: return new((Raw & ~(0xFFUL << FlagsShift)) | ((ulong)(byte)flags << FlagsShift));
            case SqeContextMode.Indirect: IndirectPointer->Flags = (byte)flags; return this;
            case SqeContextMode.Extended: ExtPointer->Sqe.Flags = (byte)flags; return this;
            default: return this;
        }
    }

    /// <summary>Adds flags to the existing ones.</summary>
    public SqeContext OrFlags(SqeFlags flags) => WithFlags(Flags | flags);

    /// <summary>Replaces the buffer group (Direct bits, or the pointed SQE's <c>buf_group</c>).</summary>
    public SqeContext WithBufGroup(ushort bufGroup)
    {
        switch (Mode)
        {
            case SqeContextMode.Direct: return new((Raw & ~(0xFFFFUL << BufGroupShift)) | ((ulong)bufGroup << BufGroupShift));
            case SqeContextMode.Indirect: IndirectPointer->BufGroup = bufGroup; return this;
            case SqeContextMode.Extended: ExtPointer->Sqe.BufGroup = bufGroup; return this;
            default: return this;
        }
    }

    /// <summary>Replaces the fd (Direct bits, or the pointed SQE).</summary>
    /// <exception cref="ArgumentOutOfRangeException">In Direct mode, <paramref name="fd"/> does not fit 30 signed bits.</exception>
    public SqeContext WithFd(int fd)
    {
        switch (Mode)
        {
            case SqeContextMode.Direct:
                if (fd < MinFd || fd > MaxFd)
                {
                    throw new ArgumentOutOfRangeException(nameof(fd), fd, $"A Direct context carries fds in [{MinFd}, {MaxFd}].");
                }

                return new((Raw & ~(FdMask << FdShift)) | (((ulong)(uint)fd & FdMask) << FdShift));
            case SqeContextMode.Indirect: IndirectPointer->Fd = fd; return this;
            case SqeContextMode.Extended: ExtPointer->Sqe.Fd = fd; return this;
            default: return this;
        }
    }

    /// <summary>The Direct user_data that describes <paramref name="sqe"/> (fds beyond 30 bits are truncated).</summary>
    internal static ulong DescribeDirect(in IoUringSqe sqe)
        => PackDirectBits(sqe.Opcode, sqe.Flags, sqe.BufGroup, sqe.Fd);

    internal IoUringSqe* IndirectPointer => (IoUringSqe*)(Raw & PointerMask);

    internal ExtSqeLayout* ExtPointer => (ExtSqeLayout*)(Raw & PointerMask);

    /// <inheritdoc/>
    public bool Equals(SqeContext other) => Raw == other.Raw;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SqeContext other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Raw.GetHashCode();

    /// <summary>Compares raw bits.</summary>
    public static bool operator ==(SqeContext left, SqeContext right) => left.Raw == right.Raw;

    /// <summary>Compares raw bits.</summary>
    public static bool operator !=(SqeContext left, SqeContext right) => left.Raw != right.Raw;

    /// <inheritdoc/>
    public override string ToString() => Mode switch
    {
        SqeContextMode.Direct => $"Direct(op={Op}, flags={Flags}, bufGroup={BufGroup}, fd={Fd})",
        SqeContextMode.Value => $"Value({Value})",
        _ => $"{Mode}(0x{Raw & PointerMask:x})",
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong PackDirectBits(byte op, byte flags, ushort bufGroup, int fd)
        => op
           | ((ulong)flags << FlagsShift)
           | ((ulong)bufGroup << BufGroupShift)
           | (((ulong)(uint)fd & FdMask) << FdShift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SignExtendFd(ulong bits) => ((int)((uint)bits << 2)) >> 2;

    private static SqeContext PackPointer(void* pointer, SqeContextMode mode)
    {
        ulong address = (ulong)pointer;
        if (address == 0)
        {
            throw new ArgumentException("The pooled SQE is not valid (default handle).");
        }

        if ((address & ModeMask) != 0)
        {
            throw new ArgumentException("The pointer uses bits 62–63, which carry the context mode.");
        }

        return new(address | ((ulong)mode << ModeShift));
    }
}
