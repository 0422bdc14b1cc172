using System;
using System.Runtime.CompilerServices;

namespace Uring;

public sealed unsafe partial class Ring
{
    /// <summary>
    /// Accepts a connection, like <c>accept4(2)</c> (<c>IORING_OP_ACCEPT</c>), and reports the peer address in
    /// <paramref name="peer"/> (its first element). The kernel writes the address and its length
    /// (<see cref="SockAddr.Length"/>, which this call first sets to <see cref="SockAddr.Capacity"/>) when a
    /// connection arrives, so <paramref name="peer"/> must be memory that does not move until the completion
    /// (native memory or a pinned array), and is the caller's until then. <paramref name="target"/> says where
    /// the socket goes, as for <see cref="TryPrepareAccept(SqeContext, int, AcceptFlags, FileTarget, in OpOptions)"/>.
    /// Result: the new fd, 0 for a <see cref="FileTarget.Slot(uint)"/>, the slot for <see cref="FileTarget.AnySlot"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="peer"/> is empty.</exception>
    [IssuerThreadOnly]
    [GenerateContextOverload]
    public bool TryPrepareAccept(
        SqeContext context,
        int fd,
        [HeldUntilCompletion] Span<SockAddr> peer,
        AcceptFlags flags = AcceptFlags.NonBlock | AcceptFlags.CloseOnExec,
        FileTarget target = default,
        in OpOptions options = default)
    {
        if (peer.IsEmpty)
        {
            throw new ArgumentException("The span must hold the SockAddr the kernel writes the peer into.", nameof(peer));
        }

        ref SockAddr first = ref peer[0];
        first.Length = SockAddr.Capacity;
        nint address = (nint)Unsafe.AsPointer(ref first);
        return TryPrepareAcceptWithPeer(context, fd, address, address + SockAddr.LengthOffset, flags, target, options);
    }
}
