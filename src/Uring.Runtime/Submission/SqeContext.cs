using System;
using System.Runtime.CompilerServices;

namespace Uring;

/// <summary>How an <see cref="SqeContext"/> uses its 64 bits (bits 62–63).</summary>
public enum SqeContextMode : byte
{
    /// <summary>The bits themselves describe the request: op(8) | flags(8) | bufGroup(16) | fd(30).</summary>
    Direct = 0,
    /// <summary>The low 62 bits name a pooled 64-byte <see cref="IndirectSqe"/>: its address (0–47) and generation (48–61).</summary>
    Indirect = 1,
    /// <summary>The low 62 bits name a pooled 128-byte <see cref="ExtendedSqe"/> (SQE + 64 bytes of user data): address (0–47) and generation (48–61).</summary>
    Extended = 2,
    /// <summary>
    /// A caller value of 62 bits, submitted exactly as
    /// given (never stamped), for callers who want their own request ids without pooled memory. It does
    /// not record the opcode.
    /// </summary>
    Value = 3,
}

/// <summary>
/// The 64-bit <c>user_data</c> of a request, in one of four modes. The Direct layout:
/// <list type="table">
/// <item><term>bits 0–7</term><description>opcode (Direct)</description></item>
/// <item><term>bits 8–15</term><description><see cref="SqeFlags"/> (Direct)</description></item>
/// <item><term>bits 16–31</term><description>buffer group (Direct)</description></item>
/// <item><term>bits 32–61</term><description>fd, 30 bits, sign-extended on read so <c>AT_FDCWD</c> round-trips (Direct)</description></item>
/// <item><term>bits 0–47</term><description>address of the pooled slot (Indirect, Extended)</description></item>
/// <item><term>bits 48–61</term><description>generation the slot was rented with (Indirect, Extended)</description></item>
/// <item><term>bits 62–63</term><description><see cref="SqeContextMode"/></description></item>
/// </list>
/// <para>Indirect and Extended carry a pointer of 48 bits and the slot's 14-bit generation sits above it. A completion is untrusted
/// input (any process holding the ring fd can post any <c>user_data</c> with <c>IORING_OP_MSG_RING</c>),
/// and a plain pointer cannot tell a live context from a stale one (returned, then rented again by another
/// request) or from a forged one. Every decoding of a pointer-mode context (<see cref="Op"/>,
/// <see cref="Flags"/>, <see cref="BufGroup"/>, <see cref="Fd"/>, <see cref="ExtendedSqe"/>, the <c>With*</c>
/// methods) first checks that the address lies inside a live pool slab of that mode, on a slot boundary, at
/// a slot rented now with the same generation; a context that does not resolve is never dereferenced: it
/// decodes as "unknown" (<see cref="Op"/> null, <see cref="Fd"/> -1, invalid handles) and the <c>With*</c>
/// methods throw. Prep methods reject such a context with an <see cref="ArgumentException"/> before anything
/// is queued, and a ring reports such completions as foreign (<see cref="CqeView.IsForeign"/>).</para>
/// <para>Value mode carries 62 opaque bits of the caller's.
/// In Direct mode prep methods stamp the SQE's opcode, flags, buffer group and fd into the context, and
/// in the pointer modes they copy the whole SQE into the pooled block, so a completion can say what it
/// completes.</para>
/// </summary>
public readonly unsafe struct SqeContext : IEquatable<SqeContext>
{
    private const int FlagsShift = 8;
    private const int BufGroupShift = 16;
    private const int FdShift = 32;
    private const int ModeShift = 62;
    private const int FdBits = 30;
    private const ulong FdMask = (1UL << FdBits) - 1;
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

    /// <summary>An Indirect context naming a pooled SQE copy (its address and the generation it was rented with).</summary>
    /// <exception cref="ArgumentException"><paramref name="sqe"/> is the default handle.</exception>
    public static SqeContext Indirect(IndirectSqe sqe) => PackTag(sqe.Tag, SqeContextMode.Indirect, nameof(sqe));

    /// <summary>An Extended context naming a pooled SQE + user data block (its address and the generation it was rented with).</summary>
    /// <exception cref="ArgumentException"><paramref name="sqe"/> is the default handle.</exception>
    public static SqeContext Extended(ExtendedSqe sqe) => PackTag(sqe.Tag, SqeContextMode.Extended, nameof(sqe));

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
    /// The opcode: from the bits in Direct mode, from the pooled SQE in Indirect and Extended mode. Null when
    /// the context does not record it: Value mode, and a pointer-mode context that names no slot rented now
    /// (returned, stale, foreign or wild).
    /// </summary>
    public IoUringOp? Op
    {
        get
        {
            if (IsDirect)
            {
                return (IoUringOp)(byte)Raw;
            }

            IoUringSqe* sqe = ResolveSqe();
            return sqe == null ? null : (IoUringOp)sqe->Opcode;
        }
    }

    /// <summary>
    /// The <see cref="SqeFlags"/>: bits in Direct mode, the pooled SQE's otherwise; none in Value mode and for a
    /// pointer-mode context that does not resolve.
    /// </summary>
    public SqeFlags Flags
    {
        get
        {
            if (IsDirect)
            {
                return (SqeFlags)(byte)(Raw >> FlagsShift);
            }

            IoUringSqe* sqe = ResolveSqe();
            return sqe == null ? SqeFlags.None : (SqeFlags)sqe->Flags;
        }
    }

    /// <summary>
    /// The buffer group: bits in Direct mode; the pooled SQE's <c>buf_group</c> only if it selects a buffer;
    /// 0 in Value mode and for a pointer-mode context that does not resolve.
    /// </summary>
    public ushort BufGroup
    {
        get
        {
            if (IsDirect)
            {
                return (ushort)(Raw >> BufGroupShift);
            }

            IoUringSqe* sqe = ResolveSqe();
            return sqe != null && (sqe->Flags & (byte)SqeFlags.BufferSelect) != 0 ? sqe->BufGroup : (ushort)0;
        }
    }

    /// <summary>
    /// The fd: 30 sign-extended bits in Direct mode, the pooled SQE's otherwise; -1 in Value mode and for a
    /// pointer-mode context that does not resolve.
    /// </summary>
    public int Fd
    {
        get
        {
            if (IsDirect)
            {
                return SignExtendFd(Raw >> FdShift);
            }

            IoUringSqe* sqe = ResolveSqe();
            return sqe == null ? -1 : sqe->Fd;
        }
    }

    /// <summary>The caller value of a Value-mode context (0 in other modes).</summary>
    public ulong Value => IsValue ? Raw & PointerMask : 0;

    /// <summary>True if the request selects a provided buffer (<see cref="SqeFlags.BufferSelect"/>).</summary>
    public bool HasBufferSelect => (Flags & SqeFlags.BufferSelect) != 0;

    /// <summary>The pooled SQE copy of an Indirect context rented now; invalid in other modes and when it does not resolve.</summary>
    public IndirectSqe IndirectSqe => IsIndirect && ResolveSqe() != null ? new IndirectSqe(Raw & ContextTag.Mask) : default;

    /// <summary>The pooled block of an Extended context rented now; invalid in other modes and when it does not resolve.</summary>
    public ExtendedSqe ExtendedSqe => IsExtended && ResolveSqe() != null ? new ExtendedSqe(Raw & ContextTag.Mask) : default;

    /// <summary>Replaces the opcode (Direct bits, or writes through to the pooled SQE). Value mode is returned unchanged.</summary>
    /// <exception cref="InvalidOperationException">A pointer-mode context that names no slot rented now.</exception>
    public SqeContext WithOp(IoUringOp op)
    {
        switch (Mode)
        {
            case SqeContextMode.Direct: return new((Raw & ~0xFFUL) | (byte)op);
            case SqeContextMode.Value: return this;
            default: ResolveSqeOrThrow()->Opcode = (byte)op; return this;
        }
    }

    /// <summary>Replaces the flags (Direct bits, or the pooled SQE). Value mode has no flag bits and is returned unchanged.</summary>
    /// <exception cref="InvalidOperationException">A pointer-mode context that names no slot rented now.</exception>
    public SqeContext WithFlags(SqeFlags flags)
    {
        switch (Mode)
        {
            case SqeContextMode.Direct: return new((Raw & ~(0xFFUL << FlagsShift)) | ((ulong)(byte)flags << FlagsShift));
            case SqeContextMode.Value: return this;
            default: ResolveSqeOrThrow()->Flags = (byte)flags; return this;
        }
    }

    /// <summary>Adds flags to the existing ones.</summary>
    /// <exception cref="InvalidOperationException">A pointer-mode context that names no slot rented now.</exception>
    public SqeContext OrFlags(SqeFlags flags) => WithFlags(Flags | flags);

    /// <summary>Replaces the buffer group (Direct bits, or the pooled SQE's <c>buf_group</c>).</summary>
    /// <exception cref="InvalidOperationException">A pointer-mode context that names no slot rented now.</exception>
    public SqeContext WithBufGroup(ushort bufGroup)
    {
        switch (Mode)
        {
            case SqeContextMode.Direct: return new((Raw & ~(0xFFFFUL << BufGroupShift)) | ((ulong)bufGroup << BufGroupShift));
            case SqeContextMode.Value: return this;
            default: ResolveSqeOrThrow()->BufGroup = bufGroup; return this;
        }
    }

    /// <summary>Replaces the fd (Direct bits, or the pooled SQE).</summary>
    /// <exception cref="ArgumentOutOfRangeException">In Direct mode, <paramref name="fd"/> does not fit 30 signed bits.</exception>
    /// <exception cref="InvalidOperationException">A pointer-mode context that names no slot rented now.</exception>
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
            case SqeContextMode.Value: return this;
            default: ResolveSqeOrThrow()->Fd = fd; return this;
        }
    }

    /// <summary>The SQE flags a Direct context carries (its <see cref="Flags"/>, without the mode test).</summary>
    internal byte DirectFlags
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (byte)(Raw >> FlagsShift);
    }

    /// <summary>The Direct user_data that describes <paramref name="sqe"/> (fds beyond 30 bits are truncated).</summary>
    internal static ulong DescribeDirect(in IoUringSqe sqe)
        => PackDirectBits(sqe.Opcode, sqe.Flags, sqe.BufGroup, sqe.Fd);

    /// <summary>
    /// The pooled SQE a pointer-mode context names, through the one resolver (live slab of its mode, slot
    /// boundary, rented now, same generation); null otherwise, and always null in Direct and Value mode. Both
    /// slot kinds start with the SQE.
    /// </summary>
    private IoUringSqe* ResolveSqe() => ContextPoolRegistry.TryResolve(Raw, out _, out byte* slot) ? (IoUringSqe*)slot : null;

    private IoUringSqe* ResolveSqeOrThrow()
    {
        IoUringSqe* sqe = ResolveSqe();
        if (sqe == null)
        {
            throw new InvalidOperationException(
                $"The {Mode} context {this} names no pooled context rented now (it was returned, belongs to a stopped ring, "
                + "or is not a pool's at all), so there is nothing to write through it.");
        }

        return sqe;
    }

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
        _ => $"{Mode}(0x{ContextTag.AddressOf(Raw):x}, generation {ContextTag.GenerationOf(Raw)}{(ResolveSqe() == null ? ", not rented" : string.Empty)})",
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong PackDirectBits(byte op, byte flags, ushort bufGroup, int fd)
        => op
           | ((ulong)flags << FlagsShift)
           | ((ulong)bufGroup << BufGroupShift)
           | (((ulong)(uint)fd & FdMask) << FdShift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SignExtendFd(ulong bits) => ((int)((uint)bits << 2)) >> 2;

    private static SqeContext PackTag(ulong tag, SqeContextMode mode, string parameterName)
    {
        if (tag == 0)
        {
            throw new ArgumentException("The pooled context handle is the default one (an exhausted pool's answer), not a rented context.", parameterName);
        }

        return new(tag | ((ulong)mode << ModeShift));
    }
}
