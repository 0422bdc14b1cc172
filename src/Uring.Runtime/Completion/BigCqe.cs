using System.Runtime.InteropServices;
using Uring.Interop;

namespace Uring;

/// <summary>
/// A completion together with the extra 16 bytes of a 32-byte CQE (<c>big_cqe[2]</c>), from
/// <see cref="Ring.Reap(System.Span{BigCqe})"/> and <see cref="Ring.Wait(System.Span{BigCqe}, int, System.TimeSpan)"/>.
/// Every completion of a <see cref="RingOptions.Cqe32"/> ring is 32 bytes; on a <see cref="RingOptions.CqeMixed"/>
/// ring only those the kernel flags <see cref="CqeFlags.Big"/> are, and the others read as 0 here
/// (<see cref="IsBig"/> false). What the extra bytes mean depends on the op: a zero-copy receive's area offset
/// (<see cref="Ring.TryPrepareRecvZc"/>), a NOP's <c>off</c> and <c>addr</c> (<see cref="NopFlags.Cqe32"/>), a
/// transmit timestamp.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
[BorrowedView]
public readonly unsafe struct BigCqe : ICqeFactory<BigCqe>
{
    static bool ICqeFactory<BigCqe>.ReadsExtra => true;

    static BigCqe ICqeFactory<BigCqe>.Create(ulong userData, int result, uint flags, bool foreign) => new(new CqeView(userData, result, flags, foreign), null);

    static BigCqe ICqeFactory<BigCqe>.Create(ulong userData, int result, uint flags, bool foreign, IoUringCqe32* big)
        => new(new CqeView(userData, result, flags, foreign), big);

    internal BigCqe(in CqeView view, IoUringCqe32* big)
    {
        View = view;
        if (big is not null)
        {
            Extra0 = big->BigCqe0;
            Extra1 = big->BigCqe1;
            IsBig = true;
        }
    }

    /// <summary>Built from its parts (tests and callers that replay completions).</summary>
    internal BigCqe(in CqeView view, ulong extra0, ulong extra1, bool isBig = true)
    {
        View = view;
        Extra0 = extra0;
        Extra1 = extra1;
        IsBig = isBig;
    }

    /// <summary>The 16-byte part: context, result, flags, and whether the context is foreign.</summary>
    public CqeView View { get; }

    /// <summary><c>big_cqe[0]</c>: the first extra 8 bytes (0 when <see cref="IsBig"/> is false).</summary>
    public ulong Extra0 { get; }

    /// <summary><c>big_cqe[1]</c>: the second extra 8 bytes (0 when <see cref="IsBig"/> is false).</summary>
    public ulong Extra1 { get; }

    /// <summary>True when the kernel posted 32 bytes for this completion.</summary>
    public bool IsBig { get; }

    /// <summary>The result: a byte count, an fd, or <c>-errno</c>.</summary>
    public int Result => View.Result;

    /// <summary>The <c>IORING_CQE_F_*</c> flags.</summary>
    public CqeFlags Flags => View.Flags;

    /// <summary>More completions follow for this request.</summary>
    public bool HasMore => View.HasMore;

    /// <inheritdoc/>
    public override string ToString() => $"{View} + [0x{Extra0:x}, 0x{Extra1:x}]{(IsBig ? string.Empty : " (16-byte)")}";
}
