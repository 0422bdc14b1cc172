using System;
using System.Runtime.CompilerServices;
using static Uring.SqeField;

namespace Uring;

// The getsockname/getpeername socket command.
public sealed unsafe partial class Ring
{
    /// <summary>
    /// The local address of a socket, or with <paramref name="peer"/> the address it is connected to, like
    /// <c>getsockname(2)</c>/<c>getpeername(2)</c> (<c>IORING_OP_URING_CMD</c>, <c>SOCKET_URING_OP_GETSOCKNAME</c>
    /// = 5: <c>addr</c> @16 = the <see cref="SockAddr"/>, <c>addr3</c> @48 = its <c>socklen_t</c>
    /// (<see cref="SockAddr.Length"/>, set to <see cref="SockAddr.Capacity"/> here), <c>optlen</c> @44 = 1 for
    /// the peer). The kernel writes both when the command runs, so <paramref name="address"/> must not move
    /// until the completion. Linux 6.19; Linux 6.18 answers <c>-EOPNOTSUPP</c> (there is no probe bit for socket
    /// sub-commands: the completion is the answer). Result: 0.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="address"/> is empty.</exception>
    [IssuerThreadOnly]
    [GenerateContextOverload]
    public bool TryPrepareGetSocketName(
        SqeContext context,
        int fd,
        [HeldUntilCompletion] Span<SockAddr> address,
        bool peer = false,
        in OpOptions options = default)
    {
        if (address.IsEmpty)
        {
            throw new ArgumentException("The span must hold the SockAddr the kernel writes the address into.", nameof(address));
        }

        ref SockAddr target = ref address[0];
        target.Length = SockAddr.Capacity;
        nint storage = (nint)Unsafe.AsPointer(ref target);
        return TryPrepareGetSocketNameCore(context, fd, storage, storage + SockAddr.LengthOffset, peer ? 1u : 0u, options);
    }

    [UringOp(IoUringOp.UringCmd, Off = (long)SocketCommand.GetSocketName)]
    private partial bool TryPrepareGetSocketNameCore(
        SqeContext context,
        [Sqe(Fd)] int fd,
        [Sqe(Addr)] [HeldUntilCompletion] nint address,
        [Sqe(Addr3)] [HeldUntilCompletion] nint addressLength,
        [Sqe(OptLen)] uint peer,
        in OpOptions options);
}
